import KithCore

/// Whether a fetched body is what a source must give: one whole iCalendar (RFC 5545) or vCard (RFC 6350)
/// stream. An HTML login page, an error page or a body cut off in transit is refused.
package enum SourceBody {
    package struct Refusal: Error, Sendable {
        package var message: String
    }

    /// `"ics"` or `"vcf"`, by the first and the last line.
    package static func kind(of body: [UInt8]) -> Result<String, Refusal> {
        var start = 0
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < body.count, isBlank(body[start]) { start += 1 }
        var end = body.count
        while end > start, isBlank(body[end - 1]) { end -= 1 }
        guard end > start else { return .failure(Refusal(message: "the server sent an empty body")) }
        let kinds: [(begin: String, end: String, kind: String)] = [
            ("BEGIN:VCALENDAR", "END:VCALENDAR", "ics"), ("BEGIN:VCARD", "END:VCARD", "vcf"),
        ]
        for candidate in kinds where hasPrefix(body[start..<end], candidate.begin) {
            guard hasSuffix(body[start..<end], candidate.end) else {
                return .failure(
                    Refusal(message: "the body does not end with \(candidate.end): cut off in transit?")
                )
            }
            return .success(candidate.kind)
        }
        let opening = String(decoding: body[start..<min(end, start + 40)], as: UTF8.self)
        return .failure(
            Refusal(
                message: "not an iCalendar or vCard file (it begins \"\(PrintableText.printable(opening))\")"
            )
        )
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    private static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
        let expected = Array(text.utf8)
        guard bytes.count >= expected.count else { return false }
        return zip(bytes.prefix(expected.count), expected).allSatisfy { upper($0) == $1 }
    }

    private static func hasSuffix(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
        let expected = Array(text.utf8)
        guard bytes.count >= expected.count else { return false }
        return zip(bytes.suffix(expected.count), expected).allSatisfy { upper($0) == $1 }
    }

    private static func upper(_ byte: UInt8) -> UInt8 { (0x61...0x7A).contains(byte) ? byte - 0x20 : byte }
}
