/// The character sets a reply's text arrives in, decoded to Unicode.
///
/// UTF-8 is checked and repaired (U+FFFD for bad sequences); ISO-8859-1 and US-ASCII are read as
/// Windows-1252, as mail clients and the WHATWG Encoding Standard do, because senders label 1252 text
/// "iso-8859-1" all the time. A charset Kith does not know is read as UTF-8, repaired.
enum Charset {
    /// Windows-1252 bytes 0x80…0x9F (the rest are ISO-8859-1, code point = byte); 0 where it has none.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// ISO-8859-15's changes to ISO-8859-1.
    private static let latin9: [UInt8: UInt32] = [
        0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153,
        0xBE: 0x0178,
    ]

    static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, charset: String?) -> String {
        let name = (charset ?? "us-ascii").lowercased()
        switch name {
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "iso_8859-1", "windows-1252", "cp1252", "us-ascii",
            "ascii", "iso-8859-15", "iso8859-15", "latin-9":
            // A pure-ASCII or UTF-8 body labelled us-ascii is common; only 8-bit bytes need the table.
            if name == "us-ascii" || name == "ascii", bytes.allSatisfy({ $0 < 0x80 }) {
                return String(decoding: bytes, as: UTF8.self)
            }
            let nine = name.hasSuffix("15") || name == "latin-9"
            var text = String.UnicodeScalarView()
            for byte in bytes {
                var value = UInt32(byte)
                if nine, let replaced = latin9[byte] {
                    value = replaced
                } else if (0x80...0x9F).contains(byte), windows1252High[Int(byte - 0x80)] != 0 {
                    value = windows1252High[Int(byte - 0x80)]
                }
                text.append(Unicode.Scalar(value)!)
            }
            return String(text)
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
