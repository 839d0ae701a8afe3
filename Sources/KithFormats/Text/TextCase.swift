/// Letter case of UTF-8 text, on bytes.
package enum TextCase {
    /// Lower-cases text into `buffer` as `String.lowercased()` does, so that both spellings of an address (or a
    /// name) meet: ASCII and Latin-1 letters directly, anything else through `String`.
    package static func lowercase(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        var simple = true
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte < 0x80 {
                buffer.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                index += 1
            } else if byte == 0xC3, index + 1 < text.count, text[index + 1] >= 0x80, text[index + 1] <= 0xBF {
                // U+00C0…U+00FF: the capitals U+00C0…U+00DE (but ×, U+00D7) lower-case to the code point 0x20 on.
                let second = text[index + 1]
                buffer.append(0xC3)
                buffer.append(second <= 0x9E && second != 0x97 ? second + 0x20 : second)
                index += 2
            } else {
                simple = false
                break
            }
        }
        if !simple {
            let lowered = String(decoding: text, as: UTF8.self).lowercased()
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: lowered.utf8)
        }
    }

    /// The text lower-cased as `String.lowercased()` does it.
    package static func lowercased(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(text.count)
        lowercase(text, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
