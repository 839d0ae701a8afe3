import Foundation

/// Unfolds a whole file in place, in one pass, before any line is read (RFC 5545 §3.1, RFC 6350 §3.2).
///
/// Afterwards every logical line is one run of bytes ended by a line feed: CRLF and lone CR become LF, a
/// line break followed by a space or tab is removed with that blank (so a fold inside a multi-byte UTF-8
/// character joins up), and vCard 2.1 quoted-printable soft line breaks (`=` at the end of a line) are
/// joined. Removing the breaks in place leaves nothing to allocate per line later. The offsets where
/// breaks were removed are kept, so that diagnostics still name physical lines.
///
/// The text between two line breaks is found with `memchr` and moved with `memmove`, both of which the C
/// library runs many bytes at a time; only the bytes around each break are looked at one by one.
enum Unfolder {
    /// Unfolds `bytes` in place; returns the offsets (in the unfolded bytes) where a physical line break was
    /// removed, ascending (one entry per removed break; 32 bits suffice for files within `Limits.maxFileBytes`).
    static func unfold(_ bytes: inout [UInt8]) -> [UInt32] {
        var removed: [UInt32] = []
        let newCount = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let count = buffer.count
            // Most files end lines with CRLF or with LF throughout; a file without any CR needs no search for one.
            let hasCarriageReturn = memchr(base, 0x0D, count) != nil
            var read = 0
            var write = 0
            var lineStart = 0  // in written bytes
            while read < count {
                var runEnd = count
                if let feed = memchr(base + read, 0x0A, count - read) {
                    runEnd = UnsafeMutableRawPointer(feed) - UnsafeMutableRawPointer(base)
                }
                if hasCarriageReturn, runEnd > read, let carriage = memchr(base + read, 0x0D, runEnd - read) {
                    runEnd = UnsafeMutableRawPointer(carriage) - UnsafeMutableRawPointer(base)
                }
                let length = runEnd - read
                if write != read, length > 0 { memmove(base + write, base + read, length) }
                write += length
                read = runEnd
                if read >= count { break }
                let byte = base[read]
                let breakLength = byte == 0x0D && read + 1 < count && base[read + 1] == 0x0A ? 2 : 1
                let next = read + breakLength
                if write > lineStart, base[write - 1] == UInt8(ascii: "="), next < count,
                    isQuotedPrintable(UnsafeBufferPointer(start: base + lineStart, count: write - lineStart))
                {
                    // Soft line break: the "=" and the break go; the next line continues the text as
                    // written, a leading blank included (RFC 2045 §6.7), so this comes before unfolding.
                    write -= 1
                    removed.append(UInt32(truncatingIfNeeded: write))
                    read = next
                    continue
                }
                if next < count, base[next] == 0x20 || base[next] == 0x09, write > lineStart {
                    removed.append(UInt32(truncatingIfNeeded: write))
                    read = next + 1
                    continue
                }
                // Mozilla's old exports put a blank line between a property and its continuation.
                if write > lineStart, next < count, base[next] == 0x0A || base[next] == 0x0D {
                    let secondLength = base[next] == 0x0D && next + 1 < count && base[next + 1] == 0x0A ? 2 : 1
                    let after = next + secondLength
                    if after < count, base[after] == 0x20 || base[after] == 0x09 {
                        removed.append(UInt32(truncatingIfNeeded: write))
                        removed.append(UInt32(truncatingIfNeeded: write))
                        read = after + 1
                        continue
                    }
                }
                base[write] = 0x0A
                write += 1
                lineStart = write
                read = next
            }
            return write
        }
        bytes.removeLast(bytes.count - newCount)
        return removed
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
