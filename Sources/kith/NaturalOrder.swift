/// Names in the order a person reads them: "Person 2" before "Person 10", letters ignoring case.
///
/// A key is made once per name, so that sorting a large network splits each name once, not at every comparison.
struct NaturalOrder: Comparable {
    private enum Part: Equatable {
        /// A run of ASCII digits: its value (saturating) and how many digits it is written with.
        case number(Int, digits: Int)
        case text(String)
    }

    private let parts: [Part]
    /// The name as written: equal keys fall back to it, so that the order is the same every time.
    private let text: String

    init(_ text: String) {
        self.text = text
        var parts: [Part] = []
        var run = ""
        var digits = false
        func flush() {
            guard !run.isEmpty else { return }
            parts.append(digits ? .number(Int(run) ?? Int.max, digits: run.count) : .text(run.lowercased()))
            run = ""
        }
        for character in text {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != digits { flush() }
            digits = isDigit
            run.append(character)
        }
        flush()
        self.parts = parts
    }

    /// Runs of digits compare by their value (equal values: the shorter writing first), the rest by its
    /// lower-cased characters, a number before text.
    static func < (a: NaturalOrder, b: NaturalOrder) -> Bool {
        for (x, y) in zip(a.parts, b.parts) where x != y {
            switch (x, y) {
            case (.number(let m, let mDigits), .number(let n, let nDigits)): return m != n ? m < n : mDigits < nDigits
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let s), .text(let t)): return s < t
            }
        }
        return a.parts.count != b.parts.count ? a.parts.count < b.parts.count : a.text < b.text
    }
}
