/// A JSON value as the text spells it (RFC 8259), for reading a state export exactly.
///
/// Foundation's readers blur what an import must tell apart: `true` and `1`, `1` and `1.0`, a number too large
/// for 64 bits and a rounded one; and they keep the last of two equal keys without a word. This reader keeps
/// integers as integers, any other number as its text, and refuses duplicate keys.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number without fraction or exponent that fits 64 bits.
    case integer(Int)
    /// Any other number, as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// How deep arrays and objects may nest: a state export needs three levels; the limit keeps a hostile file
    /// from exhausting the stack.
    package static let maximumDepth = 64

    /// Reads one JSON document from UTF-8 bytes; the problem names the line and column where it stops being JSON.
    package static func parse(_ bytes: [UInt8]) -> Result<JSONValue, StateExportProblem> {
        var reader = Reader(bytes: bytes)
        do throws(Reader.Failure) {
            reader.skipSpace()
            let value = try reader.value(depth: 0)
            reader.skipSpace()
            guard reader.index == bytes.count else { throw reader.fail("unexpected text after the JSON value") }
            return .success(value)
        } catch {
            let (line, column) = reader.position(of: error.offset)
            return .failure(StateExportProblem(.text(line: line, column: column), error.message))
        }
    }

    /// What a message says was found: `"x"` (shortened), `null`, `true`, `1.5`, `an array`, `an object`.
    package var summary: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let text): return text.count > 30 ? String(text.prefix(30)) + "…" : text
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            var quoted = "\""
            for scalar in shown.unicodeScalars {
                switch scalar {
                case "\"": quoted += "\\\""
                case "\\": quoted += "\\\\"
                case "\n": quoted += "\\n"
                // Shown in a terminal: no control character (C0, DEL, C1) of the file gets there unescaped.
                case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                    quoted +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            return quoted + "\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Walks the bytes with one index; builds a `String` only for a finished string value.
private struct Reader {
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? index, message: message)
    }

    /// Line and column (both from 1, columns in bytes) of an offset, counted only when there is an error to report.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var start = 0
        for position in 0..<min(offset, bytes.count) where bytes[position] == UInt8(ascii: "\n") {
            line += 1
            start = position + 1
        }
        return (line, offset - start + 1)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard let byte = current else { throw fail("the text ends where a JSON value should be") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("expected a JSON value")
        }
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ Array($0) }) == Array(bytes[index..<index + count])
        else { throw fail("expected a JSON value") }
        index += count
        return value
    }

    mutating func object(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= JSONValue.maximumDepth else { throw fail("nested deeper than \(JSONValue.maximumDepth) levels") }
        index += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
            let keyOffset = index
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':' after the member name") }
            index += 1
            skipSpace()
            let value = try value(depth: depth)
            // Two values for one name would leave which one counts to the reader; an import must not guess.
            guard members.updateValue(value, forKey: key) == nil else {
                throw fail("the member \(JSONValue.string(key).summary) appears twice in this object", at: keyOffset)
            }
            skipSpace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw fail("expected ',' or '}' after an object member")
            }
        }
    }

    mutating func array(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= JSONValue.maximumDepth else { throw fail("nested deeper than \(JSONValue.maximumDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipSpace()
            elements.append(try value(depth: depth))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw fail("expected ',' or ']' after an array element")
            }
        }
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws(Failure) -> JSONValue {
        let start = index
        func digits(_ reader: inout Reader) -> Int {
            let first = reader.index
            while let byte = reader.current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { reader.index += 1 }
            return reader.index - first
        }
        if current == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw fail("expected a digit") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
            throw fail("a number does not start with 0", at: integerStart)
        }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            index += 1
            isInteger = false
            guard digits(&self) > 0 else { throw fail("expected a digit after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            isInteger = false
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(text) { return .integer(value) }
        return .number(text)
    }

    mutating func string() throws(Failure) -> String {
        let start = index
        index += 1
        var buffer: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("the string never ends", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw fail("the string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &buffer)
            case 0..<0x20:
                throw fail("a control character must be escaped inside a string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    mutating func escape(into buffer: inout [UInt8]) throws(Failure) {
        guard let byte = current else { throw fail("the string never ends") }
        index += 1
        let simple: UInt8?
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = byte
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default: throw fail("unknown escape \\\(Character(Unicode.Scalar(byte)))", at: index - 2)
        }
        if let simple {
            buffer.append(simple)
            return
        }
        var scalar = try hex4()
        // RFC 8259 §7: a character outside the BMP is escaped as a UTF-16 surrogate pair.
        if (0xD800..<0xDC00).contains(scalar) {
            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("a high surrogate escape must be followed by a low one")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("expected a low surrogate escape", at: index - 6) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw fail("a low surrogate escape without a high one", at: index - 6)
        }
        buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
    }

    mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw fail("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
