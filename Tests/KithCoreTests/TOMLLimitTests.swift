import Foundation
import Testing

@testable import KithCore

/// Issue #13: no config makes the TOML reader overflow its stack or cost more than in proportion to its size.
@Suite struct TOMLLimitTests {
    struct Deep: CustomStringConvertible, Sendable {
        var text: String
        var column: Int
        var description: String { String(text.prefix(20)) }
    }

    static let deep: [Deep] = [
        Deep(text: "a = " + String(repeating: "[", count: 10_000), column: 68),
        Deep(text: "a = " + String(repeating: "{ b = ", count: 10_000), column: 5 + 6 * 63),
        Deep(text: "a = " + String(repeating: "[{b=", count: 5_000), column: 5 + 4 * 31 + 1),
        Deep(text: (0..<3_000).map { "k\($0)" }.joined(separator: ".") + " = 1", column: 1),
        Deep(
            text: "[" + (0..<40).map { "h\($0)" }.joined(separator: ".") + "]\n"
                + (0..<40).map { "k\($0)" }.joined(separator: ".") + " = 1",
            column: 1
        ),
    ]

    @Test(arguments: deep) func nestingIsBoundedWithAnError(_ item: Deep) throws {
        guard case .failure(let error) = TOMLParser.parse(Array(item.text.utf8)) else {
            Issue.record("accepted")
            return
        }
        #expect(error.message.contains("\(TOMLParser.maxNesting)"), "\(error.message)")
        #expect(error.position.line >= 1)
        #expect(error.position.column >= 1)
    }

    @Test func nestingUpToTheLimitIsRead() throws {
        let text = "a = " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
        guard case .success = TOMLParser.parse(Array(text.utf8)) else {
            Issue.record("refused")
            return
        }
    }

    /// Seconds to parse `text`, best of three.
    static func seconds(_ text: String) -> Double {
        let bytes = Array(text.utf8)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            _ = TOMLParser.parse(bytes)
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return best
    }

    static let shapes: [String: @Sendable (Int) -> String] = [
        "long dotted keys": { n in
            (0..<n).map { i in (0..<60).map { "p\($0)" }.joined(separator: ".") + ".k\(i) = 1\n" }.joined()
        },
        "arrays of tables": { n in String(repeating: "[[arr]]\nx = 1\n", count: n * 4) },
        "arrays of tables among tables": { n in (0..<(n * 2)).map { "[[arr]]\n[t\($0)]\n" }.joined() },
        "one long line of arrays": { n in "a = [" + String(repeating: "[1],", count: n * 10) + "]\n" },
        "one long inline table": { n in "a = {" + (0..<(n * 5)).map { "k\($0) = 1" }.joined(separator: ", ") + "}\n" },
    ]

    @Test(arguments: Array(shapes.keys).sorted()) func parsingIsLinear(_ shape: String) {
        let make = Self.shapes[shape]!
        let small = Self.seconds(make(1_000))
        let large = Self.seconds(make(4_000))
        // Four times the input; quadratic would be 16 times. Generous, and a floor for timer noise.
        #expect(large < 8 * small + 0.05, "\(shape): \(small) s then \(large) s")
    }

    @Test func arraysOfTablesKeepTheirElements() throws {
        let text = String(repeating: "[[arr]]\nx = 1\n", count: 20_000)
        guard case .success(let table) = TOMLParser.parse(Array(text.utf8)),
            case .array(let items, _)? = table["arr"]?.value
        else {
            Issue.record("not read")
            return
        }
        #expect(items.count == 20_000)
    }
}
