import Foundation
import KithTestSupport

/// Seeded generator of TOML documents for the differential test against Python's tomllib.
struct TOMLGenerator {
    private var random: SeededRandom
    private var counter = 0

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func next() -> UInt64 { random.next() }

    private mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    private mutating func fresh() -> String {
        counter += 1
        return "k\(counter)"
    }

    /// A fresh key, written bare, quoted (with escapes) or literal.
    mutating func key() -> String {
        let name = fresh()
        switch below(5) {
        case 0: return "\"\(name) ü\\t\\u00e9\""
        case 1: return "'\(name).dot'"
        case 2: return "\"\(name)\""
        default: return name
        }
    }

    mutating func string() -> String {
        let pieces = [
            "plain", "ünï ✓", "tab\\there", "quote\\\"", "back\\\\slash", "\\u00e9\\U0001F600", "\\b\\f\\r\\n",
        ]
        let piece = pieces[below(pieces.count)]
        switch below(6) {
        case 0: return "'literal \(piece.replacingOccurrences(of: "\\", with: "/"))'"
        case 1: return "\"\"\"\nmulti \(piece)\nline \\\n    continued\"\"\""
        case 2: return "'''\nraw \\n ''text''\n'''"
        case 3: return "\"\"\"two \"\"quotes\"\"\""
        default: return "\"\(piece)\""
        }
    }

    mutating func integer() -> String {
        switch below(6) {
        case 0: return "0x\(String(below(100_000), radix: 16, uppercase: below(2) == 0))"
        case 1: return "0o\(String(below(4096), radix: 8))"
        case 2: return "0b\(String(below(256), radix: 2))"
        case 3: return "1_000_\(100 + below(900))"
        case 4: return "-\(below(1_000_000))"
        default: return "+\(below(100))"
        }
    }

    mutating func value(depth: Int = 0) -> String {
        switch below(depth > 1 ? 3 : 6) {
        case 0: return string()
        case 1: return integer()
        case 2: return below(2) == 0 ? "true" : "false"
        case 3:
            let count = below(4)
            let items = (0..<count).map { _ in value(depth: depth + 1) }
            if below(2) == 0 { return "[" + items.joined(separator: ", ") + "]" }
            return "[\n  " + items.joined(separator: ",  # note\n  ") + (count > 0 ? ",\n" : "\n") + "]"
        case 4:
            let count = below(3)
            var parts: [String] = []
            for _ in 0..<count {
                if below(3) == 0 {
                    parts.append("\(fresh()).\(fresh()) = \(value(depth: depth + 1))")
                } else {
                    parts.append("\(key()) = \(value(depth: depth + 1))")
                }
            }
            return "{ " + parts.joined(separator: ", ") + " }"
        default:
            return "[" + (0..<(1 + below(3))).map { _ in "{ \(fresh()) = \(integer()) }" }.joined(separator: ", ") + "]"
        }
    }

    mutating func pairs(_ count: Int) -> [String] {
        (0..<count).map { _ in
            let name = below(4) == 0 ? "\(fresh()).\(key())" : key()
            return "\(name) = \(value())" + (below(4) == 0 ? "  # comment" : "")
        }
    }

    /// A whole document: top-level pairs, tables, nested tables and arrays of tables.
    mutating func document() -> String {
        var lines = ["# generated"] + pairs(below(4))
        for _ in 0..<(1 + below(4)) {
            switch below(3) {
            case 0:
                let table = fresh()
                lines.append("\n[\(table)]")
                lines += pairs(1 + below(3))
                if below(2) == 0 {
                    lines.append("[\(table) . \(key())]")
                    lines += pairs(below(3))
                }
            case 1:
                let array = fresh()
                for _ in 0..<(1 + below(3)) {
                    lines.append("\n[[\(array)]]")
                    lines += pairs(below(3))
                    if below(2) == 0 {
                        lines.append("[\(array).\(fresh())]")
                        lines += pairs(1 + below(2))
                    }
                }
            default:
                lines.append("\n[\(fresh()).\(key()).\(fresh())]")
                lines += pairs(1 + below(3))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A document with one mistake that any TOML reader must refuse.
    mutating func brokenDocument() -> String {
        let base = document()
        let table = fresh()
        switch below(6) {
        case 0: return base + "\(table) = 1\n\(table) = 2\n"
        case 1: return base + "[\(table)]\nx = 1\n[\(table)]\ny = 2\n"
        case 2: return base + "[\(table)]\na.b = 1\n[\(table).a]\nc = 2\n"
        case 3: return base + "\(table) = { a = 1 }\n[\(table).b]\n"
        case 4: return base + "\(table) = 012\n"
        default: return base + "\(table) = \"unterminated\n"
        }
    }
}
