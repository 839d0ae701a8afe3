/// Unfolds a whole file in place, in one pass, before any line is read (RFC 5545 §3.1, RFC 6350 §3.2).
///
/// Afterwards every logical line is one run of bytes ended by a line feed: CRLF and lone CR become LF, a
/// line break followed by a space or tab is removed with that blank (so a fold inside a multi-byte UTF-8
/// character joins up), and vCard 2.1 quoted-printable soft line breaks (`=` at the end of a line) are
/// joined. Removing the breaks in place leaves nothing to allocate per line later. The offsets where
/// breaks were removed are kept, so that diagnostics still name physical lines.
enum Unfolder {
    /// Unfolds `bytes` in place; returns the offsets (in the unfolded bytes) where a physical line break was
    /// removed, ascending (one entry per removed break).
    static func unfold(_ bytes: inout [UInt8]) -> [Int] {
        var removed: [Int] = []
        let newCount = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
            let count = buffer.count
            var read = 0
            var write = 0
            var lineStart = 0  // in written bytes
            let base = UnsafeMutableRawPointer(buffer.baseAddress)
            while read < count {
                // Eight bytes at a time while no line break is among them.
                if let base {
                    while read + 8 <= count {
                        let word = base.loadUnaligned(fromByteOffset: read, as: UInt64.self)
                        if hasByte(word, 0x0A) || hasByte(word, 0x0D) { break }
                        if write != read { base.storeBytes(of: word, toByteOffset: write, as: UInt64.self) }
                        read += 8
                        write += 8
                    }
                    if read >= count { break }
                }
                let byte = buffer[read]
                if byte != 0x0A && byte != 0x0D {
                    buffer[write] = byte
                    write += 1
                    read += 1
                    continue
                }
                let breakLength = byte == 0x0D && read + 1 < count && buffer[read + 1] == 0x0A ? 2 : 1
                let next = read + breakLength
                if write > lineStart, buffer[write - 1] == UInt8(ascii: "="),
                    isQuotedPrintable(UnsafeBufferPointer(rebasing: buffer[lineStart..<write])), next < count
                {
                    // Soft line break: the "=" and the break go; the next line continues the text as
                    // written, a leading blank included (RFC 2045 §6.7), so this comes before unfolding.
                    write -= 1
                    removed.append(write)
                    read = next
                    continue
                }
                if next < count, buffer[next] == 0x20 || buffer[next] == 0x09, write > lineStart {
                    removed.append(write)
                    read = next + 1
                    continue
                }
                // Mozilla's old exports put a blank line between a property and its continuation.
                if write > lineStart, next < count, buffer[next] == 0x0A || buffer[next] == 0x0D {
                    let secondLength = buffer[next] == 0x0D && next + 1 < count && buffer[next + 1] == 0x0A ? 2 : 1
                    let after = next + secondLength
                    if after < count, buffer[after] == 0x20 || buffer[after] == 0x09 {
                        removed.append(write)
                        removed.append(write)
                        read = after + 1
                        continue
                    }
                }
                buffer[write] = 0x0A
                write += 1
                lineStart = write
                read = next
            }
            return write
        }
        bytes.removeLast(bytes.count - newCount)
        return removed
    }

    /// Whether any of the eight bytes of `word` equals `byte` (the classic has-zero-byte test on `word ^ byte…`).
    @inline(__always)
    private static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        let value = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (value &- 0x0101_0101_0101_0101) & ~value & 0x8080_8080_8080_8080 != 0
    }

    /// Whether the name and parameters of a line (before its first `:`) say QUOTED-PRINTABLE.
    private static func isQuotedPrintable(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let marker = Array("QUOTED-PRINTABLE".utf8)
        var index = 0
        while index + marker.count <= line.count {
            let byte = line[index]
            if byte == UInt8(ascii: ":") { return false }
            if ASCII.upper(byte) == marker[0] {
                var matches = true
                for offset in 1..<marker.count where ASCII.upper(line[index + offset]) != marker[offset] {
                    matches = false
                    break
                }
                if matches { return true }
            }
            index += 1
        }
        return false
    }
}
