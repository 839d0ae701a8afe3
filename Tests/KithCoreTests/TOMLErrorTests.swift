import KithCore
import KithFormats
import Testing

/// One case per kind of syntax error, each at its exact line and column.
@Suite struct TOMLErrorTests {
    struct Case: CustomStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var description: String { message }
    }

    static let cases: [Case] = [
        Case(text: "a = 1\nb = \"open\n", line: 2, column: 5, message: "unterminated string"),
        Case(text: "s = \"\"\"never closed\n", line: 1, column: 5, message: "unterminated multi-line string"),
        Case(text: "s = \"multi\nline\"\n", line: 1, column: 5, message: "cannot span lines"),
        Case(text: "s = \"bad \\q escape\"\n", line: 1, column: 10, message: "invalid escape \\q"),
        Case(text: "s = \"\\uD800\"\n", line: 1, column: 6, message: "not a Unicode scalar value"),
        Case(text: "ok = 1\ns = \"a\u{01}b\"\n", line: 2, column: 7, message: "control character U+0001"),
        Case(
            text: "# fine\na = 1 # bell \u{07}\n",
            line: 2,
            column: 14,
            message: "control character U+0007 in a comment"
        ),
        Case(text: "a = 1\na = 2\n", line: 2, column: 1, message: "duplicate key \"a\""),
        Case(text: "[t]\nx = 1\n[t]\n", line: 3, column: 1, message: "table [t] is defined more than once"),
        Case(text: "[t]\na.b = 1\n[t.a]\n", line: 3, column: 1, message: "table [t.a] is defined more than once"),
        Case(text: "a = { b = 1 }\na.c = 2\n", line: 2, column: 1, message: "cannot be extended"),
        Case(text: "a.b = 1\na = 2\n", line: 2, column: 1, message: "duplicate key \"a\""),
        Case(text: "x = 012\n", line: 1, column: 5, message: "leading zeros"),
        Case(text: "x =\n", line: 1, column: 4, message: "a value is missing"),
        Case(text: "x = 1 2\n", line: 1, column: 7, message: "unexpected text after the value"),
        Case(text: "x = 3.14\n", line: 1, column: 5, message: "floating-point values are not supported"),
        Case(text: "d = 1979-05-27\n", line: 1, column: 5, message: "dates and times are not supported"),
        Case(text: "x = 9_223_372_036_854_775_808\n", line: 1, column: 5, message: "does not fit in 64 bits"),
        Case(text: "x = 1__0\n", line: 1, column: 6, message: "'_' in a number"),
        Case(text: "t = { a = 1, }\n", line: 1, column: 14, message: "trailing ','"),
        Case(text: "= 1\n", line: 1, column: 1, message: "a key is missing"),
        Case(text: "[[a]]\n[a]\n", line: 2, column: 1, message: "table [a] is defined more than once"),
        Case(text: "a = [1]\n[[a]]\n", line: 2, column: 1, message: "cannot extend an array"),
    ]

    @Test(arguments: cases)
    func reportsWhereAndWhy(_ testCase: Case) {
        switch TOMLParser.parse(Array(testCase.text.utf8)) {
        case .success: Issue.record("accepted: \(testCase.text)")
        case .failure(let error):
            #expect(error.message.contains(testCase.message), "message: \(error.message)")
            #expect(error.position == SourcePosition(line: testCase.line, column: testCase.column), "\(error.message)")
        }
    }

    @Test func invalidUTF8() {
        let bytes = Array("a = 1\nb = \"x".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        guard case .failure(let error) = TOMLParser.parse(bytes) else {
            Issue.record("accepted invalid UTF-8")
            return
        }
        #expect(error.message.contains("invalid UTF-8"))
        #expect(error.position == SourcePosition(line: 2, column: 7))
    }

    @Test func diagnosticNamesThePath() {
        guard case .failure(let error) = TOMLParser.parse(Array("x = \n".utf8)) else {
            Issue.record("accepted a key without a value")
            return
        }
        #expect(error.diagnostic(path: "/etc/kith/kith.toml").description.hasPrefix("/etc/kith/kith.toml:1:5: error:"))
    }
}
