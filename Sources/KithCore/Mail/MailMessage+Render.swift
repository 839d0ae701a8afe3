import KithFormats

extension MailMessage {
    /// The message as bytes: CRLF line ends, no line longer than 998 octets (RFC 5322 §2.1.1).
    ///
    /// Structure: `multipart/mixed` holding `multipart/alternative` (text/plain first, then text/html) and the
    /// attachments; or just the alternative part, or just text/plain, when there is less to send.
    package func render() throws(RenderError) -> [UInt8] {
        var header = Header()
        header.add("From", try Self.format(from))
        header.add("To", try to.map { address throws(RenderError) in try Self.format(address) }.joined(separator: ", "))
        header.add("Subject", Self.encodeWords(subject))
        header.add("Date", Self.rfc5322Date(date, offset: dateOffset))
        header.add("Message-ID", "<\(Self.sanitizeToken(messageID))>")
        header.add("MIME-Version", "1.0")
        for (name, value) in extraHeaders {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
                throw .badHeaderName(name)
            }
            header.add(name, Self.encodeWords(value))
        }
        let seed = Self.fnv(messageID)
        let textPart = Part(
            headers: [
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable"),
            ],
            body: Self.quotedPrintable(Array(text.utf8))
        )
        var body: Part = textPart
        if let html {
            let htmlPart = Part(
                headers: [
                    ("Content-Type", "text/html; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable"),
                ],
                body: Self.quotedPrintable(Array(html.utf8))
            )
            body = Part.multipart("alternative", boundary: "=_kith_alt_\(seed)", [textPart, htmlPart])
        }
        if !attachments.isEmpty {
            var parts = [body]
            for attachment in attachments {
                let filename = Self.sanitizeToken(attachment.filename)
                parts.append(
                    Part(
                        headers: [
                            ("Content-Type", "\(attachment.contentType); name=\"\(filename)\""),
                            ("Content-Transfer-Encoding", "base64"),
                            ("Content-Disposition", "attachment; filename=\"\(filename)\""),
                        ],
                        body: Self.base64Lines(attachment.data)
                    )
                )
            }
            body = Part.multipart("mixed", boundary: "=_kith_mix_\(seed)", parts)
        }
        var output = header.bytes
        output.append(contentsOf: body.bytes)
        return output
    }

    // MARK: - Parts

    private struct Part {
        var headers: [(String, String)]
        var body: [UInt8]

        static func multipart(_ subtype: String, boundary: String, _ parts: [Part]) -> Part {
            var body: [UInt8] = []
            for part in parts {
                body.append(contentsOf: Array("--\(boundary)\r\n".utf8))
                body.append(contentsOf: part.bytes)
                body.append(contentsOf: [0x0D, 0x0A])
            }
            body.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
            return Part(headers: [("Content-Type", "multipart/\(subtype); boundary=\"\(boundary)\"")], body: body)
        }

        var bytes: [UInt8] {
            var output: [UInt8] = []
            for (name, value) in headers { output.append(contentsOf: Array("\(name): \(value)\r\n".utf8)) }
            output.append(contentsOf: [0x0D, 0x0A])
            output.append(contentsOf: body)
            return output
        }
    }

    private struct Header {
        var bytes: [UInt8] = []

        /// Adds a header, folding at spaces so that lines stay under 78 characters where possible.
        mutating func add(_ name: String, _ value: String) {
            var line = "\(name):"
            var length = line.utf8.count
            for word in value.split(separator: " ", omittingEmptySubsequences: false) {
                if length + 1 + word.utf8.count > 76 && length > name.utf8.count + 1 {
                    line += "\r\n"
                    length = 0
                }
                line += " " + word
                length += 1 + word.utf8.count
            }
            bytes.append(contentsOf: Array((line + "\r\n").utf8))
        }
    }

    // MARK: - Header values

    /// `"Name" <address>` with the name encoded as needed; throws for anything but a plain addr-spec.
    static func format(_ mailbox: MailAddress) throws(RenderError) -> String {
        let address = mailbox.address
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = address.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"<>()[]\\,;:\"".utf8.contains(byte)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, allowed else { throw .badAddress(address) }
        guard let name = mailbox.name.map(cleanText), !name.isEmpty else { return address }
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            let escaped = name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return "\(encodeWords(name)) <\(address)>"
    }

    /// Text with every control character (CR and LF among them) turned into a space, runs of blanks squeezed.
    static func cleanText(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let control =
                scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}"
            if control || scalar == " " {
                if !lastWasSpace && !result.isEmpty { result += " " }
                lastWasSpace = true
            } else {
                result.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return result.hasSuffix(" ") ? String(result.dropLast()) : result
    }

    /// RFC 2047 encoded-words (`=?utf-8?B?…?=`), each at most 75 characters and splitting only between
    /// characters; plain ASCII text is returned as is.
    package static func encodeWords(_ text: String) -> String {
        let clean = cleanText(text)
        let plain = clean.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !clean.contains("=?")
        if plain { return clean }
        var words: [String] = []
        var chunk: [UInt8] = []
        // RFC 2047 §2: lines holding encoded-words stay within 76 characters. 36 bytes of text make a word of
        // 60 characters, which fits after any header name Kith writes ("Subject: ").
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 36 {
                words.append("=?utf-8?B?\(base64(chunk))?=")
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(base64(chunk))?=") }
        return words.joined(separator: " ")
    }

    /// Something usable inside a quoted parameter or a Message-ID: printable ASCII without quotes or brackets.
    static func sanitizeToken(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar.value > 0x20 && scalar.value < 0x7F && !"\"<>\\".unicodeScalars.contains(scalar)
                        ? scalar : "_"
                }
            )
        )
    }

    /// `Mon, 30 Nov 2026 08:00:00 +0200` (RFC 5322 §3.3).
    static func rfc5322Date(_ instant: Int, offset: Int) -> String {
        let local = CivilDateTime(secondsSinceEpoch: instant + offset)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(days[local.date.weekday]), \(local.date.day) \(months[local.date.month - 1]) \(local.date.year) "
            + "\(two(local.hour)):\(two(local.minute)):\(two(local.second)) \(sign)\(two(minutes / 60))\(two(minutes % 60))"
    }

    // MARK: - Transfer encodings

    /// Quoted-printable (RFC 2045 §6.7) with CRLF line ends and soft breaks before 76 characters.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var lineLength = 0
        let hex = Array("0123456789ABCDEF".utf8)
        func emit(_ piece: [UInt8]) {
            if lineLength + piece.count > 75 {
                output.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                lineLength = 0
            }
            output.append(contentsOf: piece)
            lineLength += piece.count
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                // A blank before a line end must be encoded (RFC 2045 rule 3).
                if let last = output.last, last == 0x20 || last == 0x09 {
                    output.removeLast()
                    lineLength -= 1
                    emit([UInt8(ascii: "="), hex[Int(last >> 4)], hex[Int(last & 15)]])
                }
                output.append(contentsOf: [0x0D, 0x0A])
                lineLength = 0
                index += byte == 0x0D ? 2 : 1
                continue
            }
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || byte == 0x20 || byte == 0x09
            // A line starting with "." or "From " is encoded, so no transport mangles it.
            let risky =
                lineLength == 0
                && (byte == UInt8(ascii: ".")
                    || (byte == UInt8(ascii: "F") && bytes[index...].starts(with: Array("From ".utf8))))
            emit(literal && !risky ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            index += 1
        }
        if let last = output.last, last == 0x20 || last == 0x09 {
            output.removeLast()
            output.append(contentsOf: [UInt8(ascii: "="), hex[Int(last >> 4)], hex[Int(last & 15)]])
        }
        if !output.isEmpty && output.last != 0x0A { output.append(contentsOf: [0x0D, 0x0A]) }
        return output
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let a = UInt32(bytes[index])
            let b = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let c = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = a << 16 | b << 8 | c
            output.append(alphabet[Int(triple >> 18 & 63)])
            output.append(alphabet[Int(triple >> 12 & 63)])
            output.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Base64 in lines of 76 characters, CRLF-terminated.
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = Array(base64(bytes).utf8)
        var output: [UInt8] = []
        var index = 0
        while index < encoded.count {
            output.append(contentsOf: encoded[index..<min(index + 76, encoded.count)])
            output.append(contentsOf: [0x0D, 0x0A])
            index += 76
        }
        return output
    }

    /// Stable boundaries and identifiers from a message's identity (FNV-1a, hex).
    package static func fnv(_ text: String) -> String { String(StableHash.fnv1a(text), radix: 16) }
}
