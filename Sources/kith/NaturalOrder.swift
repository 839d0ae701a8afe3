/// Names in the order a person reads them: "Person 2" before "Person 10", letters ignoring case.
enum NaturalOrder {
    /// Whether `a` comes before `b`: runs of digits compare by their value, the rest by its lower-cased
    /// characters; equal names by their original text, so that the order is the same every time.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let (left, right) = (parts(a), parts(b))
        for (x, y) in zip(left, right) where x != y {
            switch (x, y) {
            case (.number(let m, let mText), .number(let n, let nText)):
                // Equal values ("02", "2"): the shorter writing first.
                return m != n ? m < n : mText.count < nText.count
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let s), .text(let t)): return s < t
            }
        }
        return left.count != right.count ? left.count < right.count : a < b
    }

    private enum Part: Equatable {
        /// A run of ASCII digits: its value (saturating) and how it is written.
        case number(Int, String)
        case text(String)
    }

    private static func parts(_ text: String) -> [Part] {
        var result: [Part] = []
        var run = ""
        var digits = false
        func flush() {
            guard !run.isEmpty else { return }
            result.append(digits ? .number(Int(run) ?? Int.max, run) : .text(run.lowercased()))
            run = ""
        }
        for character in text {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != digits { flush() }
            digits = isDigit
            run.append(character)
        }
        flush()
        return result
    }
}
