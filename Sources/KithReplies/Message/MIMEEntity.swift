/// A message or one body part of it (RFC 2045 §2.4): its header fields, unfolded, and its body, still encoded.
struct MIMEEntity {
    /// A header field: the name in lower case and the value with folding removed (RFC 5322 §2.2.3), undecoded.
    struct Field {
        var name: String
        var value: [UInt8]
    }

    /// Header fields read at most, so that a flood of them costs only itself.
    static let maximumFields = 500

    var fields: [Field]
    var body: ArraySlice<UInt8>

    /// Splits `bytes` at the first empty line (RFC 5322 §2.1); LF alone is accepted for CRLF.
    init(_ bytes: ArraySlice<UInt8>) {
        var fields: [Field] = []
        var index = bytes.startIndex
        var current: Field?
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, bytes[end] != ByteText.lf { end += 1 }
            var line = bytes[index..<end]
            if line.last == ByteText.cr { line = line.dropLast() }
            index = min(end + 1, bytes.endIndex)
            if line.isEmpty { break }
            if let first = line.first, ByteText.isBlank(first) {
                // A folded line continues the field before it; the CRLF goes, the blank stays.
                current?.value += line
                continue
            }
            if let field = current, fields.count < Self.maximumFields { fields.append(field) }
            current = nil
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: ByteText.trimmed(line[line.startIndex..<colon]), as: UTF8.self).lowercased()
            current = Field(name: name, value: Array(line[(colon + 1)...]))
        }
        if let field = current, fields.count < Self.maximumFields { fields.append(field) }
        self.fields = fields
        body = bytes[index..<bytes.endIndex]
    }

    /// The first field of that name (lower case), its value trimmed; nil when absent.
    func value(_ name: String) -> ArraySlice<UInt8>? {
        fields.first { $0.name == name }.map { ByteText.trimmed($0.value[...]) }
    }

    /// The first field of that name as text, encoded words decoded.
    func text(_ name: String) -> String? {
        value(name).map { EncodedWords.decode($0) }
    }

    var contentType: ContentType {
        value("content-type").map { ContentType(String(decoding: $0, as: UTF8.self)) } ?? ContentType.plainText
    }

    /// Whether the part is marked as an attachment (RFC 2183), which is never read as the reply's text.
    var isAttachment: Bool {
        guard let disposition = value("content-disposition") else { return false }
        return ByteText.hasPrefix(disposition, "attachment")
    }

    /// The body with its Content-Transfer-Encoding undone; 7bit, 8bit, binary and unknown ones as they are.
    var decodedBody: [UInt8] {
        let encoding = value("content-transfer-encoding").map { String(decoding: $0, as: UTF8.self).lowercased() }
        switch encoding {
        case "quoted-printable": return TransferEncoding.quotedPrintable(body)
        case "base64": return TransferEncoding.base64(body)
        default: return Array(body)
        }
    }

    /// The parts of a multipart body (RFC 2046 §5.1.1): what lies between `--boundary` lines, up to
    /// `--boundary--`; the preamble and epilogue are dropped. The CRLF before a delimiter belongs to it.
    func parts(boundary: String, limit: Int) -> [MIMEEntity] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [MIMEEntity] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex, parts.count < limit {
            var end = index
            while end < body.endIndex, body[end] != ByteText.lf { end += 1 }
            let line = body[index..<end]
            if line.starts(with: delimiter) {
                let rest = ByteText.trimmed(line.dropFirst(delimiter.count))
                let closes = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                if rest.isEmpty || closes {
                    if let start = partStart {
                        var stop = index
                        if stop > start, body[stop - 1] == ByteText.lf { stop -= 1 }
                        if stop > start, body[stop - 1] == ByteText.cr { stop -= 1 }
                        parts.append(MIMEEntity(body[start..<max(start, stop)]))
                    }
                    if closes { return parts }
                    partStart = min(end + 1, body.endIndex)
                }
            }
            index = end + 1
        }
        // A body cut off before its closing delimiter still gives its last part.
        if let start = partStart, start < body.endIndex, parts.count < limit {
            parts.append(MIMEEntity(body[start..<body.endIndex]))
        }
        return parts
    }
}
