/// Windows-1252, the encoding Outlook and older Windows tools write when they do not write UTF-8.
///
/// Bytes 0x80–0x9F map to the code points below (0 where the code page leaves them undefined, which then
/// decode as the C1 control of the same value, as browsers do); every other byte is Latin-1.
enum Windows1252 {
    static let highControls: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80 && byte <= 0x9F {
            return Unicode.Scalar(highControls[Int(byte - 0x80)])!
        }
        return Unicode.Scalar(byte)
    }

    /// Appends the UTF-8 encoding of `bytes`, read as Windows-1252, to `output`.
    static func transcode(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                output.append(contentsOf: Array(String(Character(scalar(byte))).utf8))
            }
        }
    }
}
