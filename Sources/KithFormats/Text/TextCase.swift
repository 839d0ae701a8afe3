import Foundation

/// Letter case of UTF-8 text, on bytes.
package enum TextCase {
    /// Lower-cases text into `buffer` as `String.lowercased()` does, in Unicode's composed form (NFC), so that
    /// every spelling of an address meets: `ÉMILE@`, `émile@` and `e\u{301}mile@` alike. ASCII directly,
    /// two-byte characters (Latin, Greek, Cyrillic, …) through a table made from `String` itself, and anything
    /// else (longer characters, combining marks, one that lower-cases to several) through `String` and
    /// Foundation's normalization.
    package static func lowercase(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte < 0x80 {
                buffer.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                index += 1
                continue
            }
            guard byte >= 0xC2, byte <= 0xDF, index + 1 < text.count, text[index + 1] & 0xC0 == 0x80 else { break }
            let lowered = twoByteLowercase[Int(UInt16(byte & 0x1F) << 6 | UInt16(text[index + 1] & 0x3F)) - 0x80]
            guard lowered != 0 else { break }
            if lowered < 0x80 {
                buffer.append(UInt8(lowered))
            } else {
                buffer.append(0xC0 | UInt8(lowered >> 6))
                buffer.append(0x80 | UInt8(lowered & 0x3F))
            }
            index += 2
        }
        if index < text.count {
            let lowered = String(decoding: text, as: UTF8.self).lowercased().precomposedStringWithCanonicalMapping
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: lowered.utf8)
        }
    }

    /// For each character U+0080…U+07FF (two bytes in UTF-8), the one it lower-cases to when that is a single
    /// character of at most two bytes, else 0. Made once, from `String.lowercased()`. Characters that
    /// normalization could change or combine with what comes before (combining marks, singletons such as the
    /// Greek question mark) are 0 too: text with them takes the general way.
    private static let twoByteLowercase: [UInt16] = (0x80..<0x800).map { value in
        func isStable(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.canonicalCombiningClass == .notReordered
                && String(Character(scalar)).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual([scalar]
                )
        }
        guard let scalar = Unicode.Scalar(UInt32(value)), isStable(scalar) else { return 0 }
        let lowered = String(Character(scalar)).lowercased().unicodeScalars
        guard lowered.count == 1, let only = lowered.first, only.value < 0x800, isStable(only) else { return 0 }
        return UInt16(only.value)
    }

    /// The text lower-cased as `lowercase(_:into:)` does it.
    package static func lowercased(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(text.count)
        lowercase(text, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
