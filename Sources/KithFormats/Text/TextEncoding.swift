import Foundation

/// Byte-level helpers for the text encodings real calendar and contact files arrive in.
package enum TextEncoding {
    /// Whether `bytes` is well-formed UTF-8.
    package static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// `isValidUTF8(buffer:)` on all cores for a large buffer: cut into a part per core (of at least
    /// `minimumPerPart` bytes), each cut moved back to the start of a character, each part checked alone.
    /// Parts are large (16 MB by default): a file must be big enough for a second thread to pay for itself,
    /// memory included.
    package static func isValidUTF8(
        onAllCores buffer: UnsafeBufferPointer<UInt8>,
        minimumPerPart: Int = 16 << 20
    )
        -> Bool
    {
        // Not even asked how many cores there are (which costs memory once) when one part would do.
        guard buffer.count >= 2 * minimumPerPart else { return isValidUTF8(buffer: buffer) }
        let bytes = SharedBytes(buffer: buffer)
        return Parallel.ranges(buffer.count, minimumPerRange: minimumPerPart) { range in
            let buffer = bytes.buffer
            /// Where a part begins: `cut`, or the character start up to three continuation bytes before it.
            func start(_ cut: Int) -> Int {
                var index = cut
                while index > 0, index > cut - 3, buffer[index] & 0xC0 == 0x80 { index -= 1 }
                return index
            }
            let from = range.lowerBound == 0 ? 0 : start(range.lowerBound)
            let to = range.upperBound == buffer.count ? buffer.count : start(range.upperBound)
            return isValidUTF8(buffer: UnsafeBufferPointer(rebasing: buffer[from..<to]))
        }.allSatisfy { $0 }
    }

    /// A buffer handed to the threads of `Parallel.ranges`, which only read it while the caller waits.
    private struct SharedBytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
    }

    /// Fast check over a whole buffer, eight bytes at a time (SWAR: SIMD within a register).
    ///
    /// For each word, one bit per byte marks continuation bytes (10xxxxxx) and the lead bytes of two- and
    /// three-byte sequences (110xxxxx, 1110xxxx); the word is well-formed when the continuation bytes stand
    /// exactly where the leads before them (in this word or carried from the last) say. Lead bytes whose
    /// sequences have narrower rules (C0 and C1, which would be overlong; E0 and ED; four-byte sequences)
    /// send that stretch to the character-by-character check.
    package static func isValidUTF8(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = buffer.count
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        /// Continuation bytes the last word's leads expect at the start of this one.
        var expected: UInt64 = 0
        while index + 8 <= count {
            if expected == 0 {
                // ASCII runs, 32 bytes at a time.
                while index + 32 <= count {
                    let a = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let b = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                    let c = raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                    let d = raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
                    guard (a | b | c | d) & highBits == 0 else { break }
                    index += 32
                }
                if index + 8 > count { break }
            }
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let high = word & highBits
            if high == 0 && expected == 0 {
                index += 8
                continue
            }
            let shifted1 = word << 1
            let shifted2 = word << 2
            let continuation = high & ~shifted1
            let lead = high & shifted1
            let lead2 = lead & ~shifted2
            let lead3 = lead & shifted2 & ~(word << 3)
            let longer = lead & shifted2 & (word << 3)
            // C0 and C1 (two-byte leads without any of bits 1–4) and E0 and ED (three-byte leads whose low
            // nibble is 0 or D) need the byte-by-byte rules, as do four-byte leads and invalid F8–FF.
            let lowNibbles = word & 0x0F0F_0F0F_0F0F_0F0F
            let special =
                longer != 0
                || lead2 & zeroBytes(word & 0x1E1E_1E1E_1E1E_1E1E) != 0
                || lead3 & (zeroBytes(lowNibbles) | zeroBytes(lowNibbles ^ 0x0D0D_0D0D_0D0D_0D0D)) != 0
            if special {
                // Back to the start of the character that reaches into this word, check from there to a
                // character boundary past it, and go on from that boundary.
                let from = characterStart(base, before: index, pending: expected != 0)
                var to = min(count, index + 8)
                while to < count, to - index < 11, base[to] & 0xC0 == 0x80 { to += 1 }
                guard isValidUTF8Scalar(buffer, from: from, to: to) else { return false }
                index = to
                expected = 0
                continue
            }
            let wanted = expected | (lead2 | lead3) << 8 | lead3 << 16
            guard continuation == wanted else { return false }
            expected = (lead2 | lead3) >> 56 | lead3 >> 48
            index += 8
        }
        // The last bytes (fewer than eight), from the start of the character they begin in.
        return isValidUTF8Scalar(buffer, from: characterStart(base, before: index, pending: expected != 0), to: count)
    }

    /// Where to resume the character-by-character check at `index`: there, or, when a sequence begun before
    /// it is still `pending`, at that sequence's lead byte (at most three bytes back).
    @inline(__always)
    private static func characterStart(_ base: UnsafePointer<UInt8>, before index: Int, pending: Bool) -> Int {
        guard pending else { return index }
        var from = index - 1
        while from > 0, index - from < 3, base[from] & 0xC0 == 0x80 { from -= 1 }
        return from
    }

    /// 0x80 in every byte of `word` that is zero, and nothing elsewhere.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    /// The character-by-character check of `buffer[start..<count]`, which must begin on a character
    /// boundary; ASCII runs are still skipped eight bytes at a time.
    private static func isValidUTF8Scalar(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to count: Int) -> Bool
    {
        var index = start
        guard let base = buffer.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        while index < count {
            // ASCII runs: 32 bytes, then 8, at a time.
            while index + 32 <= count {
                let a = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let b = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                let c = raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                let d = raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
                guard (a | b | c | d) & 0x8080_8080_8080_8080 == 0 else { break }
                index += 32
            }
            if index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            if index >= count { break }
            // Byte by byte until the next ASCII word: each lead byte names its length, and the few lead
            // bytes whose first continuation byte is restricted (overlong forms, surrogates, past U+10FFFF)
            // check it (RFC 3629 §4).
            let byte = base[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            @inline(__always) func isContinuation(_ offset: Int) -> Bool { base[index + offset] & 0xC0 == 0x80 }
            switch byte {
            case 0xC2...0xDF:
                guard index + 1 < count, isContinuation(1) else { return false }
                index += 2
            case 0xE0...0xEF:
                guard index + 2 < count, isContinuation(1), isContinuation(2) else { return false }
                let second = base[index + 1]
                if byte == 0xE0 && second < 0xA0 || byte == 0xED && second > 0x9F { return false }
                index += 3
            case 0xF0...0xF4:
                guard index + 3 < count, isContinuation(1), isContinuation(2), isContinuation(3) else { return false }
                let second = base[index + 1]
                if byte == 0xF0 && second < 0x90 || byte == 0xF4 && second > 0x8F { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }

    /// Decodes text that is UTF-8 but for some bytes: each well-formed UTF-8 sequence as itself, each byte
    /// that belongs to none as Windows-1252. One bad byte in a UTF-8 value (a truncated copy, a Latin-1 name
    /// pasted in) then costs only itself, while a value written wholly in Windows-1252 (whose high bytes
    /// seldom form UTF-8 sequences) still reads as Windows-1252.
    package static func repairUTF8(_ bytes: some Collection<UInt8>, into output: inout [UInt8]) {
        let bytes = Array(bytes)
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            if length > 0 {
                output.append(contentsOf: bytes[index..<(index + length)])
                index += length
            } else {
                Windows1252.transcode(CollectionOfOne(bytes[index]), into: &output)
                index += 1
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence at `index` (RFC 3629 §4), 0 when none starts there.
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return 1 }
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch byte {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xE1...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// Decodes `bytes` in the named charset (a vCard 2.1 `CHARSET` parameter or a MIME name) into UTF-8.
    ///
    /// Returns nil when the charset is unknown or the bytes are not valid in it.
    package static func transcode(_ bytes: some Collection<UInt8>, charset: String) -> [UInt8]? {
        let name = charset.lowercased().replacingOccurrences(of: "_", with: "-")
        switch name {
        case "utf-8", "utf8":
            return isValidUTF8(bytes) ? Array(bytes) : nil
        case "us-ascii", "ascii":
            return bytes.allSatisfy { $0 < 0x80 } ? Array(bytes) : nil
        case "windows-1252", "cp1252", "x-cp1252":
            var output: [UInt8] = []
            Windows1252.transcode(bytes, into: &output)
            return output
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
            var output: [UInt8] = []
            for byte in bytes {
                output.append(contentsOf: Array(String(Character(Unicode.Scalar(byte))).utf8))
            }
            return output
        default:
            guard let encoding = foundationEncoding(name),
                let text = String(bytes: Array(bytes), encoding: encoding)
            else { return nil }
            return Array(text.utf8)
        }
    }

    private static func foundationEncoding(_ name: String) -> String.Encoding? {
        switch name {
        case "shift-jis", "sjis", "shiftjis", "x-sjis", "ms-kanji", "windows-31j", "cp932": return .shiftJIS
        case "euc-jp": return .japaneseEUC
        case "iso-2022-jp": return .iso2022JP
        case "iso-8859-2", "latin2": return .isoLatin2
        case "windows-1250", "cp1250": return .windowsCP1250
        case "windows-1251", "cp1251": return .windowsCP1251
        case "windows-1253", "cp1253": return .windowsCP1253
        case "windows-1254", "cp1254": return .windowsCP1254
        case "utf-16", "utf16": return .utf16
        case "utf-16le": return .utf16LittleEndian
        case "utf-16be": return .utf16BigEndian
        default: return nil
        }
    }

    /// Converts UTF-16 (either byte order, after its BOM) into UTF-8; unpaired surrogates become U+FFFD.
    package static func utf16ToUTF8(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count)
        var iterator = units.makeIterator()
        var decoder = Unicode.UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): output.append(contentsOf: Array(String(Character(scalar)).utf8))
            case .emptyInput: break loop
            case .error: output.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
        }
        return output
    }

    /// Decodes quoted-printable (RFC 2045 §6.7), joining soft line breaks (`=` before a line end).
    ///
    /// Returns the decoded bytes and whether anything malformed was met (kept literally).
    package static func decodeQuotedPrintable(_ bytes: some Collection<UInt8>) -> (bytes: [UInt8], malformed: Bool) {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var malformed = false
        var index = 0
        while index < input.count {
            let byte = input[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            // Soft line break: "=" then CRLF, LF or CR.
            if index + 1 < input.count, input[index + 1] == 0x0D || input[index + 1] == 0x0A {
                index += 2
                if input[index - 1] == 0x0D, index < input.count, input[index] == 0x0A { index += 1 }
                continue
            }
            if index + 2 < input.count + 0, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            if index + 1 == input.count {  // a trailing "=" is a soft break with nothing after it
                index += 1
                continue
            }
            malformed = true
            output.append(byte)
            index += 1
        }
        return (output, malformed)
    }

    /// Decodes base64, ignoring white space; nil when the text is not base64.
    package static func decodeBase64(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="), 0x20, 0x09, 0x0D, 0x0A: continue
            default: return nil
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    /// The decoded size of a base64 text without decoding it; nil when it cannot be base64 (data after
    /// padding, or a length no encoder produces). Characters outside the alphabet are skipped, as MIME
    /// decoders do (RFC 2045 §6.8).
    package static func base64DecodedCount(_ bytes: some Collection<UInt8>) -> Int? {
        if let counted = bytes.withContiguousStorageIfAvailable(base64DecodedCount(buffer:)) { return counted }
        return Array(bytes).withUnsafeBufferPointer(base64DecodedCount(buffer:))
    }

    /// What each byte is in base64 text: 1 a symbol (standard or URL-safe alphabet), 2 padding, 0 anything
    /// else (blanks and line breaks, skipped).
    private static let base64Classes: [UInt8] = (0...255).map { byte -> UInt8 in
        switch UInt8(byte) {
        case UInt8(ascii: "="): return 2
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "-"),
            UInt8(ascii: "_"):
            return 1
        default: return 0
        }
    }

    private static func base64DecodedCount(buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var symbols = 0
        var index = 0
        let count = buffer.count
        base64Classes.withUnsafeBufferPointer { classes in
            // Symbols up to the first padding or other byte, counted without a branch per byte.
            while index < count {
                let kind = classes[Int(buffer[index])]
                if kind != 1 { break }
                symbols += 1
                index += 1
            }
        }
        var padding = 0
        while index < count {
            let kind = base64Classes[Int(buffer[index])]
            if kind == 2 {
                padding += 1
            } else if kind == 1 {
                guard padding == 0 else { return nil }
                symbols += 1
            }
            index += 1
        }
        guard symbols % 4 != 1, padding <= 2 else { return nil }
        return symbols * 6 / 8
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
