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
        var scanned = 0
        return unfold(&bytes, scannedBytes: &scanned)
    }

    /// As `unfold(_:)`, and adds to `scannedBytes` how many bytes the searches for line breaks went over
    /// (for tests: it stays proportional to the file's size whatever its line endings).
    static func unfold(_ bytes: inout [UInt8], scannedBytes: inout Int) -> [UInt32] {
        var removed: [UInt32] = []
        let newCount = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let count = buffer.count
            // Most files end lines with CRLF or with LF throughout; a file without any CR needs no search for one.
            let hasCarriageReturn = memchr(base, 0x0D, count) != nil
            var read = 0
            var write = 0
            var lineStart = 0  // in written bytes
            // The next line feed at or after `read` (count when none), searched again only once passed: in a
            // file of lone CRs every search would otherwise run to the end of the file (quadratic).
            var nextFeed = -1
            var quotedPrintable = QuotedPrintableCheck()
            while read < count {
                if nextFeed < read {
                    nextFeed = count
                    if let feed = memchr(base + read, 0x0A, count - read) {
                        nextFeed = UnsafeMutableRawPointer(feed) - UnsafeMutableRawPointer(base)
                    }
                    scannedBytes &+= nextFeed - read
                }
                var runEnd = nextFeed
                if hasCarriageReturn, runEnd > read, let carriage = memchr(base + read, 0x0D, runEnd - read) {
                    runEnd = UnsafeMutableRawPointer(carriage) - UnsafeMutableRawPointer(base)
                }
                if hasCarriageReturn { scannedBytes &+= runEnd - read }
                let length = runEnd - read
                if write != read, length > 0 { memmove(base + write, base + read, length) }
                write += length
                read = runEnd
                if read >= count { break }
                let byte = base[read]
                let breakLength = byte == 0x0D && read + 1 < count && base[read + 1] == 0x0A ? 2 : 1
                let next = read + breakLength
                if write > lineStart, base[write - 1] == UInt8(ascii: "="), next < count,
                    quotedPrintable.decide(UnsafeBufferPointer(start: base, count: write), lineStart: lineStart)
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

    /// Whether the name and parameters of a logical line (before its first `:`) say QUOTED-PRINTABLE, asked at
    /// each of its breaks: the bytes already looked at are not looked at again, so that a long line of many
    /// breaks and no `:` costs its length once, not once per break.
    struct QuotedPrintableCheck {
        private static let marker = Array("QUOTED-PRINTABLE".utf8)
        private var lineStart = -1
        /// Where the next search starts.
        private var scanned = 0
        /// Known once a `:` or the marker was met.
        private var answer: Bool? = nil

        /// The answer for the line starting at `lineStart` and written up to `written.count`.
        mutating func decide(_ written: UnsafeBufferPointer<UInt8>, lineStart start: Int) -> Bool {
            if lineStart != start {
                lineStart = start
                scanned = start
                answer = nil
            }
            if let answer { return answer }
            let marker = Self.marker
            var index = scanned
            while index < written.count {
                let byte = written[index]
                if byte == UInt8(ascii: ":") {
                    answer = false
                    return false
                }
                if ASCII.upper(byte) == marker[0], index + marker.count <= written.count {
                    var matches = true
                    for offset in 1..<marker.count where ASCII.upper(written[index + offset]) != marker[offset] {
                        matches = false
                        break
                    }
                    if matches {
                        answer = true
                        return true
                    }
                }
                // A marker cut by the end of what is written yet is looked at again next time.
                if index + marker.count > written.count { break }
                index += 1
            }
            scanned = index
            return false
        }
    }
}
