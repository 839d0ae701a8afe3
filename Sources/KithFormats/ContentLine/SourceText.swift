/// The bytes of one input file, made ready for the content-line reader.
///
/// A UTF-8 byte-order mark is dropped and UTF-16 (with its mark) is converted to UTF-8, each with a
/// diagnostic. Whether the whole buffer is valid UTF-8 is checked once, so that lines are only examined
/// one by one when it is not. Then the whole buffer is unfolded in place (`Unfolder`).
package struct SourceText: Sendable {
    /// The unfolded bytes: one logical line per line feed.
    package var bytes: [UInt8]
    package var isUTF8: Bool
    /// Offsets in `bytes` where a physical line break was removed by unfolding, ascending.
    package var removedBreaks: [UInt32]

    package init(bytes: [UInt8], isUTF8: Bool, removedBreaks: [UInt32] = []) {
        self.bytes = bytes
        self.isUTF8 = isUTF8
        self.removedBreaks = removedBreaks
    }

    /// Prepares `raw` for reading; nil when the file is refused as a whole (reported in `log`).
    package static func prepare(_ raw: consuming [UInt8], log: inout DiagnosticLog) -> SourceText? {
        if raw.count > Limits.maxFileBytes {
            log.error(
                .fileTooLarge,
                "file is \(raw.count) bytes, more than the limit of \(Limits.maxFileBytes); not read",
                line: 1
            )
            return nil
        }
        var bytes = consume raw
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bigEndian = bytes[0] == 0xFE
            bytes = TextEncoding.utf16ToUTF8(bytes[2...], bigEndian: bigEndian)
            log.warning(.utf16, "file is UTF-16 (\(bigEndian ? "big" : "little")-endian); converted to UTF-8", line: 1)
        } else if let bigEndian = utf16WithoutMark(bytes) {
            bytes = TextEncoding.utf16ToUTF8(bytes[...], bigEndian: bigEndian)
            log.warning(
                .utf16,
                "file is UTF-16 (\(bigEndian ? "big" : "little")-endian) without a byte-order mark; converted to UTF-8",
                line: 1
            )
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            log.warning(.byteOrderMark, "UTF-8 byte-order mark ignored", line: 1)
        }
        let valid = bytes.withUnsafeBufferPointer { TextEncoding.isValidUTF8(onAllCores: $0) }
        let removed = Unfolder.unfold(&bytes)
        return SourceText(bytes: bytes, isUTF8: valid, removedBreaks: removed)
    }

    /// Whether the file is UTF-16 without a byte-order mark, and in which order: both calendars and cards
    /// begin with ASCII (`BEGIN:`), which UTF-16 writes with a zero byte after (little-endian) or before
    /// (big-endian) each character. UTF-8 text never has a zero byte there.
    static func utf16WithoutMark(_ bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 4 else { return nil }
        func ascii(_ byte: UInt8) -> Bool { byte >= 0x09 && byte < 0x80 }
        if ascii(bytes[0]), bytes[1] == 0, ascii(bytes[2]), bytes[3] == 0 { return false }
        if bytes[0] == 0, ascii(bytes[1]), bytes[2] == 0, ascii(bytes[3]) { return true }
        return nil
    }
}
