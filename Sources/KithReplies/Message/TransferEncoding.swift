/// Content-Transfer-Encoding (RFC 2045 §6): quoted-printable and base64 back to bytes.
enum TransferEncoding {
    /// RFC 2045 §6.7: `=XX` is a byte, `=` at the end of a line a soft line break; a lone `=` is kept as it is
    /// (rule 1's advice for robust decoders).
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            // A soft break: "=", maybe trailing blanks (rule 3), then CRLF or LF.
            var after = index + 1
            while after < bytes.endIndex, ByteText.isBlank(bytes[after]) { after += 1 }
            if after < bytes.endIndex, bytes[after] == ByteText.cr || bytes[after] == ByteText.lf {
                if bytes[after] == ByteText.cr, after + 1 < bytes.endIndex, bytes[after + 1] == ByteText.lf {
                    after += 1
                }
                index = after + 1
                continue
            }
            if after == bytes.endIndex {
                index = after
                continue
            }
            if index + 2 < bytes.endIndex, let high = ByteText.hexValue(bytes[index + 1]),
                let low = ByteText.hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// RFC 2045 §6.8: characters outside the alphabet (line breaks among them) are ignored; `=` ends the data.
    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="): return out
            default: continue
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }
}
