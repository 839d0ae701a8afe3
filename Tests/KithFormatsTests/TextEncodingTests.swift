import KithTestSupport
import Testing

@testable import KithFormats

@Suite struct TextEncodingTests {
    /// Pieces real text is made of, with the sequences whose rules are narrower (E0, ED, F0, F4) among them.
    static let pieces: [[UInt8]] = [
        "plain ascii text ", "naïve résumé ", "Zürich föräldraledighet ", "日本語 ", "Ελληνικά ", "😀 emoji ",
        "\u{0800}\u{07FF}\u{FFFF}\u{D7FF}\u{E000}\u{10000}\u{10FFFF} ",
    ].map { Array($0.utf8) }

    /// Byte values that break text when dropped in: stray continuations, overlong and surrogate leads, bytes
    /// that never occur in UTF-8.
    static let breakers: [UInt8] = [0x80, 0xBF, 0xC0, 0xC1, 0xC3, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]

    /// The word-at-a-time check agrees with the standard library on valid text, on text with one byte
    /// changed, and on text cut at every length (so every alignment and every tail is met).
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var random = SeededRandom(seed: 11)
        var checked = 0
        var invalid = 0
        for _ in 0..<3_000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                text += Self.pieces.randomElement(using: &random)!
            }
            if Bool.random(using: &random) {
                text[Int.random(in: 0..<text.count, using: &random)] = Self.breakers.randomElement(using: &random)!
            }
            for length in [text.count, Int.random(in: 0...text.count, using: &random)] {
                let sample = Array(text.prefix(length))
                let expected = String(validating: sample, as: UTF8.self) != nil
                let answer = sample.withUnsafeBufferPointer { TextEncoding.isValidUTF8(buffer: $0) }
                #expect(answer == expected, "\(sample.map { String($0, radix: 16) })")
                // Cut into parts checked on several cores, at every kind of place in a character.
                let parts = sample.withUnsafeBufferPointer {
                    TextEncoding.isValidUTF8(onAllCores: $0, minimumPerPart: max(1, sample.count / 2 - 1))
                }
                #expect(parts == expected, "\(sample.map { String($0, radix: 16) }) in parts")
                checked += 1
                if !expected { invalid += 1 }
            }
        }
        // Both answers were met often, so the comparison means something.
        #expect(invalid > 500 && checked - invalid > 500)
    }
}
