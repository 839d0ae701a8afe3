import Foundation
import Testing

@testable import KithFormats

/// Lower-casing on bytes (`TextCase`) against its oracle, `String.lowercased()` in composed form (NFC).
@Suite struct TextCaseTests {
    static func lowered(_ text: String) -> [UInt8] {
        var buffer: [UInt8] = []
        var text = text
        text.withUTF8 { TextCase.lowercase($0, into: &buffer) }
        return buffer
    }

    static func oracle(_ text: String) -> [UInt8] {
        Array(text.lowercased().precomposedStringWithCanonicalMapping.utf8)
    }

    /// Composed and decomposed spellings of an address come out the same.
    @Test func everySpellingOfAnAddressMeets() {
        let spellings = [
            "Émile@Example.org", "émile@example.org", "E\u{301}mile@example.org", "e\u{301}MILE@EXAMPLE.ORG",
        ]
        #expect(Set(spellings.map(Self.lowered)).count == 1)
    }

    @Test func lowerCasingBytesAgreesWithString() {
        // Every code point of one and two bytes, and some of three, alone and inside an address.
        for value in Array(0x20...0x7FF) + Array(0x1E00...0x1EFF) + [0x2126, 0x212A, 0x212B] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(Character(scalar)), "A\(Character(scalar))b@Example.ORG"] {
                #expect(Self.lowered(text) == Self.oracle(text), "U+\(String(value, radix: 16))")
            }
        }
        let texts = [
            "ΣΊΣΥΦΟΣ@example.org", "ΟΔΟΣ ΣΑΣ", "İstanbul@x.org", "Émile@Example.org", "e\u{301}MILE@x.org", "",
            "ŁUCJA.Łucja@Example.ORG", "ДМИТРИЙ@пример.рф", "Ǆ ǅ ǆ", "ΐ", "\u{C3}", "A\u{0300}",
        ]
        for text in texts {
            #expect(Self.lowered(text) == Self.oracle(text), "\(text)")
        }
    }
}
