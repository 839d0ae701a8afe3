/// RFC 2047 encoded words in header values: `=?charset?Q?…?=` and `=?charset?B?…?=`.
enum EncodedWords {
    /// The value as text: encoded words decoded, the blanks between two adjacent encoded words dropped
    /// (RFC 2047 §6.2), everything else read as UTF-8 (RFC 6532 allows it raw), repaired.
    static func decode(_ value: ArraySlice<UInt8>) -> String {
        var text = ""
        var plain: [UInt8] = []
        var pendingBlanks: [UInt8] = []
        var lastWasEncoded = false
        var index = value.startIndex
        while index < value.endIndex {
            if value[index] == UInt8(ascii: "="), let (decoded, end) = word(at: index, in: value) {
                if !lastWasEncoded { plain += pendingBlanks }
                text += String(decoding: plain, as: UTF8.self) + decoded
                plain = []
                pendingBlanks = []
                lastWasEncoded = true
                index = end
                continue
            }
            let byte = value[index]
            if ByteText.isBlank(byte) {
                pendingBlanks.append(byte)
            } else {
                plain += pendingBlanks
                pendingBlanks = []
                plain.append(byte)
                lastWasEncoded = false
            }
            index += 1
        }
        plain += pendingBlanks
        return text + String(decoding: plain, as: UTF8.self)
    }

    /// The encoded word starting at `start` (RFC 2047 §2) and the index after it; nil when it is not one.
    private static func word(at start: Int, in value: ArraySlice<UInt8>) -> (String, Int)? {
        guard start + 1 < value.endIndex, value[start + 1] == UInt8(ascii: "?") else { return nil }
        // RFC 2047 §2: an encoded word is at most 75 characters; allow a little more for sloppy senders.
        let limit = min(value.endIndex, start + 200)
        var fields: [ArraySlice<UInt8>] = []
        var fieldStart = start + 2
        var index = fieldStart
        while index < limit {
            let byte = value[index]
            if ByteText.isBlank(byte) || byte == ByteText.cr || byte == ByteText.lf { return nil }
            if byte == UInt8(ascii: "?") {
                if fields.count == 2 {
                    guard index + 1 < value.endIndex, value[index + 1] == UInt8(ascii: "=") else { return nil }
                    fields.append(value[fieldStart..<index])
                    break
                }
                fields.append(value[fieldStart..<index])
                fieldStart = index + 1
            }
            index += 1
        }
        guard fields.count == 3, fields[1].count == 1 else { return nil }
        // RFC 2231 §5: a language after "*" in the charset is ignored here.
        let charset = String(decoding: fields[0].prefix { $0 != UInt8(ascii: "*") }, as: UTF8.self)
        let bytes: [UInt8]
        switch ByteText.lowercased(fields[1].first!) {
        case UInt8(ascii: "b"): bytes = TransferEncoding.base64(fields[2])
        case UInt8(ascii: "q"):
            // RFC 2047 §4.2: "_" is a space; the rest is quoted-printable.
            let spaced = fields[2].map { $0 == UInt8(ascii: "_") ? ByteText.space : $0 }
            bytes = TransferEncoding.quotedPrintable(spaced[...])
        default: return nil
        }
        return (Charset.decode(bytes, charset: charset), index + 2)
    }
}
