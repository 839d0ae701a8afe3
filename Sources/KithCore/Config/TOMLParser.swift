import KithFormats

/// Reads the documented TOML 1.0 subset that Kith's config uses (see config/kith.toml.example).
///
/// Supported: comments; bare, quoted and dotted keys; `[tables]`; `[[arrays of tables]]`; basic and literal
/// strings, single- and multi-line, with every TOML escape; integers (decimal with `_`, hex, octal, binary);
/// booleans; arrays; inline tables. Floats and date-times are refused with an error that names them. The
/// rules for defining tables follow TOML 1.0 as Python's `tomllib` applies them, so a file accepted here
/// means what it means to any TOML reader. Pure: bytes in, a table or the first error out.
package struct TOMLParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var root = Node()
    private var flags = Flags()
    /// How many tables and arrays deep the value being read stands (its header, its key's parts, the arrays
    /// and inline tables around it), bounded by `maxNesting`.
    private var depth = 0
    /// The column of the last position asked for, so that positions asked in order along one long line cost
    /// its length once (a reference: `position(at:)` is asked from non-mutating code).
    private let columns = ColumnCache()

    /// Deepest nesting of tables, arrays and inline tables (header, dotted key and values together): deeper
    /// input is refused with an error, before the reader's recursion could exhaust the stack.
    package static let maxNesting = 64

    /// Parses a whole document.
    package static func parse(_ bytes: [UInt8]) -> Result<TOMLTable, TOMLError> {
        var parser = TOMLParser(bytes: bytes)
        do {
            try parser.validateEncoding()
            try parser.document()
            return .success(parser.root.table(at: SourcePosition(line: 1, column: 1)))
        } catch let error as TOMLError {
            return .failure(error)
        } catch {
            return .failure(TOMLError("\(error)", at: SourcePosition(line: 1, column: 1)))
        }
    }

    private init(bytes: [UInt8]) {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
    }

    // MARK: - Positions and errors

    private var position: SourcePosition { position(at: index) }

    private func position(at offset: Int) -> SourcePosition {
        var column = 1
        var cursor = lineStart
        if columns.lineStart == lineStart, columns.offset <= offset {
            column = columns.column
            cursor = columns.offset
        }
        defer {
            if offset <= bytes.count {
                columns.lineStart = lineStart
                columns.offset = offset
                columns.column = column
            }
        }
        while cursor < offset && cursor < bytes.count {
            if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        if offset > bytes.count { column += offset - bytes.count }
        return SourcePosition(line: line, column: column)
    }

    private func fail(_ message: String, at offset: Int? = nil) -> TOMLError {
        TOMLError(message, at: position(at: offset ?? index))
    }

    private func validateEncoding() throws {
        var offset = 0
        var currentLine = 1
        var currentLineStart = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == 0x0A {
                currentLine += 1
                currentLineStart = offset + 1
            }
            if byte < 0x80 {
                offset += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            let end = offset + length
            if length == 0 || end > bytes.count || !TextEncoding.isValidUTF8(bytes[offset..<end]) {
                var column = 1
                for cursor in currentLineStart..<offset where bytes[cursor] & 0xC0 != 0x80 { column += 1 }
                throw TOMLError(
                    "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)))",
                    at: SourcePosition(line: currentLine, column: column)
                )
            }
            offset = end
        }
    }

    // MARK: - Bytes

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    private func starts(with literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        return index + utf8.count <= bytes.count && Array(bytes[index..<(index + utf8.count)]) == utf8
    }

    private mutating func skipBlanks() {
        while let byte = current, byte == 0x20 || byte == 0x09 { index += 1 }
    }

    /// A newline (LF or CRLF) at the cursor, consumed. A CR alone is an error.
    private mutating func newline() throws -> Bool {
        if current == 0x0A {
            index += 1
            line += 1
            lineStart = index
            return true
        }
        if current == 0x0D {
            guard peek(1) == 0x0A else { throw fail("carriage return without a line feed") }
            index += 2
            line += 1
            lineStart = index
            return true
        }
        return false
    }

    private mutating func comment() throws {
        guard current == UInt8(ascii: "#") else { return }
        while let byte = current, byte != 0x0A {
            if byte == 0x0D && peek(1) == 0x0A { break }
            if isControl(byte) { throw fail("control character U+\(hex(byte, 4)) in a comment") }
            index += 1
        }
    }

    /// Blanks, comments and newlines, as allowed inside arrays.
    private mutating func skipBlanksCommentsAndNewlines() throws {
        while true {
            skipBlanks()
            try comment()
            if try !newline() { return }
        }
    }

    private func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 0x09) || byte == 0x7F }

    private func hex(_ value: UInt8, _ width: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    // MARK: - Document

    private mutating func document() throws {
        var header: [String] = []
        while index < bytes.count {
            skipBlanks()
            guard let byte = current else { break }
            if byte == UInt8(ascii: "#") || byte == 0x0A || byte == 0x0D {
                try comment()
                if try !newline(), index < bytes.count { throw fail("expected the end of the line") }
                continue
            }
            if byte == UInt8(ascii: "[") {
                flags.finalizePending()
                let start = index
                if peek(1) == UInt8(ascii: "[") {
                    index += 2
                    skipBlanks()
                    let key = try self.key()
                    skipBlanks()
                    guard current == UInt8(ascii: "]"), peek(1) == UInt8(ascii: "]") else {
                        throw fail("expected ']]' to close the array of tables header")
                    }
                    index += 2
                    try arrayTableHeader(key, at: start)
                    header = key
                } else {
                    index += 1
                    skipBlanks()
                    let key = try self.key()
                    skipBlanks()
                    guard current == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
                    index += 1
                    try tableHeader(key, at: start)
                    header = key
                }
            } else {
                try keyValue(header: header)
            }
            skipBlanks()
            try comment()
            if try !newline(), index < bytes.count {
                throw fail("unexpected text after the value; a key/value pair ends at the end of its line")
            }
        }
    }

    private mutating func tableHeader(_ key: [String], at offset: Int) throws {
        if flags.isSet(key, .explicitNest) || flags.isSet(key, .frozen) {
            throw fail("table [\(dotted(key))] is defined more than once", at: offset)
        }
        flags.set(key, .explicitNest, recursive: false)
        guard root.nest(key, accessLists: true, position: position(at: offset)) != nil else {
            throw fail("[\(dotted(key))] would redefine a key that already holds a value", at: offset)
        }
    }

    private mutating func arrayTableHeader(_ key: [String], at offset: Int) throws {
        if flags.isSet(key, .frozen) {
            throw fail("[[\(dotted(key))]] cannot extend an array or inline table written as a value", at: offset)
        }
        flags.unsetAll(key)
        flags.set(key, .explicitNest, recursive: false)
        guard let parent = root.nest(Array(key.dropLast()), accessLists: true, position: position(at: offset)),
            parent.appendTableArrayElement(key.last!, position: position(at: offset))
        else {
            throw fail("[[\(dotted(key))]] names a key that already holds a table or value", at: offset)
        }
    }

    private mutating func keyValue(header: [String]) throws {
        let keyOffset = index
        let keyPosition = position
        let key = try self.key()
        skipBlanks()
        guard current == UInt8(ascii: "=") else {
            if current == nil || current == 0x0A || current == 0x0D || current == UInt8(ascii: "#") {
                throw fail("expected '=' and a value after the key \"\(dotted(key))\"")
            }
            throw fail("expected '=' after the key \"\(dotted(key))\"")
        }
        index += 1
        skipBlanks()
        depth = 0
        try enter(header.count + key.count, at: keyOffset)
        let value = try self.value()
        let parentKey = header + key.dropLast()
        if let count = flags.firstDefinedContainer(parentKey, from: header.count) {
            let containerKey = Array(parentKey.prefix(header.count + count))
            throw fail(
                "\(dotted(containerKey)) is a table defined elsewhere; dotted keys cannot add to it",
                at: keyOffset
            )
        }
        flags.addPending(parentKey, from: header.count)
        if flags.isSet(parentKey, .frozen) {
            throw fail("\(dotted(parentKey)) is an inline table or array and cannot be extended", at: keyOffset)
        }
        guard let nest = root.nest(parentKey, accessLists: true, position: keyPosition) else {
            throw fail("\(dotted(parentKey)) already holds a value, so it cannot be a table", at: keyOffset)
        }
        guard nest.children[key.last!] == nil else {
            throw fail("duplicate key \"\(dotted(header + key))\"", at: keyOffset)
        }
        if case .array = value { flags.set(header + key, .frozen, recursive: true) }
        if case .table = value { flags.set(header + key, .frozen, recursive: true) }
        nest.insert(key.last!, .value(value, keyPosition))
    }

    private func dotted(_ key: [String]) -> String {
        key.map { part in
            part.utf8.allSatisfy(Self.isBareKeyByte) && !part.isEmpty ? part : "\"\(part)\""
        }.joined(separator: ".")
    }

    // MARK: - Keys

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default: return false
        }
    }

    private mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            skipBlanks()
            guard let byte = current else { throw fail("expected a key") }
            if byte == UInt8(ascii: "\"") {
                if starts(with: "\"\"\"") { throw fail("a key cannot be a multi-line string") }
                parts.append(try basicString())
            } else if byte == UInt8(ascii: "'") {
                if starts(with: "'''") { throw fail("a key cannot be a multi-line string") }
                parts.append(try literalString())
            } else if Self.isBareKeyByte(byte) {
                let start = index
                while let next = current, Self.isBareKeyByte(next) { index += 1 }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            } else {
                throw fail(byte == UInt8(ascii: "=") ? "a key is missing before '='" : "expected a key")
            }
            skipBlanks()
            guard current == UInt8(ascii: ".") else { return parts }
            guard parts.count < Self.maxNesting else {
                throw fail("a key has more than \(Self.maxNesting) dotted parts, the deepest nesting Kith reads")
            }
            index += 1
        }
    }

    /// Enters `levels` more levels of nesting for the value at `offset`; throws beyond `maxNesting`.
    private mutating func enter(_ levels: Int, at offset: Int) throws {
        depth += levels
        if depth > Self.maxNesting {
            throw fail("tables, arrays and inline tables nest more than \(Self.maxNesting) deep here", at: offset)
        }
    }

    // MARK: - Values

    private mutating func value() throws -> TOMLValue {
        guard let byte = current, byte != 0x0A, byte != 0x0D, byte != UInt8(ascii: "#") else {
            throw fail("a value is missing after '='")
        }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(starts(with: "\"\"\"") ? try multiLineBasicString() : try basicString())
        case UInt8(ascii: "'"):
            return .string(starts(with: "'''") ? try multiLineLiteralString() : try literalString())
        case UInt8(ascii: "["):
            return try array()
        case UInt8(ascii: "{"):
            return try inlineTable()
        case UInt8(ascii: "t"):
            if starts(with: "true") && !isBareContinuation(4) {
                index += 4
                return .bool(true)
            }
        case UInt8(ascii: "f"):
            if starts(with: "false") && !isBareContinuation(5) {
                index += 5
                return .bool(false)
            }
        case UInt8(ascii: "i"), UInt8(ascii: "n"):
            if starts(with: "inf") || starts(with: "nan") {
                throw fail("floating-point values (inf, nan) are not supported in Kith's config")
            }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        default:
            break
        }
        throw fail("expected a value (a string, integer, boolean, array or inline table)")
    }

    private func isBareContinuation(_ offset: Int) -> Bool {
        guard let next = peek(offset) else { return false }
        return Self.isBareKeyByte(next)
    }

    private mutating func number() throws -> TOMLValue {
        let start = index
        if starts(with: "+inf") || starts(with: "-inf") || starts(with: "+nan") || starts(with: "-nan") {
            throw fail("floating-point values (inf, nan) are not supported in Kith's config")
        }
        // Date-times (1979-05-27, 07:32:00) start like numbers.
        var probe = index
        while probe < bytes.count, ASCII.isDigit(bytes[probe]) { probe += 1 }
        if probe < bytes.count,
            (probe - index == 4 && bytes[probe] == UInt8(ascii: "-"))
                || (probe - index == 2 && bytes[probe] == UInt8(ascii: ":"))
        {
            throw fail("dates and times are not supported in Kith's config; write them as strings, e.g. \"08:00\"")
        }
        if current == UInt8(ascii: "0"), let prefix = peek(1),
            prefix == UInt8(ascii: "x") || prefix == UInt8(ascii: "o") || prefix == UInt8(ascii: "b")
        {
            index += 2
            let radix: Int64 = prefix == UInt8(ascii: "x") ? 16 : prefix == UInt8(ascii: "o") ? 8 : 2
            return .integer(try digits(radix: radix, start: start))
        }
        var negative = false
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
            negative = current == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        guard let first = current, ASCII.isDigit(first) else { throw fail("expected digits", at: digitsStart) }
        if first == UInt8(ascii: "0"), let next = peek(1), ASCII.isDigit(next) || next == UInt8(ascii: "_") {
            throw fail("leading zeros are not allowed in integers", at: digitsStart)
        }
        var value: Int64 = 0
        var lastWasDigit = false
        while let byte = current {
            if ASCII.isDigit(byte) {
                let digit = Int64(byte - 0x30)
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) =
                    negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { throw fail("integer does not fit in 64 bits", at: start) }
                value = sum
                lastWasDigit = true
            } else if byte == UInt8(ascii: "_") {
                guard lastWasDigit, let next = peek(1), ASCII.isDigit(next) else {
                    throw fail("'_' in a number must stand between two digits")
                }
                lastWasDigit = false
            } else {
                break
            }
            index += 1
        }
        if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw fail("floating-point values are not supported in Kith's config", at: start)
        }
        return .integer(value)
    }

    private mutating func digits(radix: Int64, start: Int) throws -> Int64 {
        var value: Int64 = 0
        var count = 0
        var lastWasDigit = false
        while let byte = current {
            if byte == UInt8(ascii: "_") {
                guard lastWasDigit, let next = peek(1), Self.digitValue(next).map({ $0 < radix }) == true else {
                    throw fail("'_' in a number must stand between two digits")
                }
                lastWasDigit = false
                index += 1
                continue
            }
            guard let digit = Self.digitValue(byte), digit < radix else { break }
            let (times, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw fail("integer does not fit in 64 bits", at: start) }
            value = sum
            count += 1
            lastWasDigit = true
            index += 1
        }
        guard count > 0 else { throw fail("expected digits after the radix prefix") }
        if let byte = current, Self.isBareKeyByte(byte) { throw fail("invalid digit in a number") }
        return value
    }

    private static func digitValue(_ byte: UInt8) -> Int64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int64(byte - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int64(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: - Strings

    private mutating func basicString() throws -> String {
        let open = index
        index += 1
        var output: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("unterminated string", at: open) }
            if byte == 0x0A || byte == 0x0D {
                throw fail("unterminated string: a basic string cannot span lines (use \"\"\" for that)", at: open)
            }
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: output, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try escape(into: &output)
                continue
            }
            if isControl(byte) { throw fail("control character U+\(hex(byte, 4)) in a string; escape it") }
            output.append(byte)
            index += 1
        }
    }

    private mutating func escape(into output: inout [UInt8]) throws {
        let start = index
        index += 1
        guard let byte = current else { throw fail("unterminated escape", at: start) }
        index += 1
        switch byte {
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "\""): output.append(0x22)
        case UInt8(ascii: "\\"): output.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let length = byte == UInt8(ascii: "u") ? 4 : 8
            var scalarValue: UInt32 = 0
            for _ in 0..<length {
                guard let digit = current.flatMap(Self.digitValue) else {
                    throw fail("\\\(Character(Unicode.Scalar(byte))) needs \(length) hexadecimal digits", at: start)
                }
                scalarValue = scalarValue << 4 | UInt32(digit)
                index += 1
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw fail(
                    "\\\(Character(Unicode.Scalar(byte)))\(String(scalarValue, radix: 16)) is not a Unicode scalar value",
                    at: start
                )
            }
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw fail("invalid escape \\\(Character(Unicode.Scalar(byte))) in a string", at: start)
        }
    }

    private mutating func multiLineBasicString() throws -> String {
        let open = position
        index += 3
        _ = try newline()  // a newline right after the opening quotes is not part of the string
        var output: [UInt8] = []
        while true {
            guard let byte = current else { throw TOMLError("unterminated multi-line string", at: open) }
            if let text = closeMultiLine(UInt8(ascii: "\""), &output) { return text }
            if byte == UInt8(ascii: "\\") {
                // A line-ending backslash trims the newline and the blanks that follow.
                var probe = index + 1
                while probe < bytes.count, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
                if probe < bytes.count,
                    bytes[probe] == 0x0A
                        || (bytes[probe] == 0x0D && probe + 1 < bytes.count && bytes[probe + 1] == 0x0A)
                {
                    index = probe
                    while true {
                        skipBlanks()
                        if try !newline() { break }
                    }
                    continue
                }
                try escape(into: &output)
                continue
            }
            if byte == 0x0A || byte == 0x0D {
                _ = try newline()
                output.append(0x0A)
                continue
            }
            if isControl(byte) { throw fail("control character U+\(hex(byte, 4)) in a string; escape it") }
            output.append(byte)
            index += 1
        }
    }

    private mutating func literalString() throws -> String {
        let open = index
        index += 1
        let start = index
        while true {
            guard let byte = current else { throw fail("unterminated literal string", at: open) }
            if byte == 0x0A || byte == 0x0D {
                throw fail("unterminated literal string: it cannot span lines (use ''' for that)", at: open)
            }
            if byte == UInt8(ascii: "'") {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if isControl(byte) { throw fail("control character U+\(hex(byte, 4)) in a string") }
            index += 1
        }
    }

    private mutating func multiLineLiteralString() throws -> String {
        let open = position
        index += 3
        _ = try newline()
        var output: [UInt8] = []
        while true {
            guard let byte = current else { throw TOMLError("unterminated multi-line literal string", at: open) }
            if let text = closeMultiLine(UInt8(ascii: "'"), &output) { return text }
            if byte == 0x0A || byte == 0x0D {
                _ = try newline()
                output.append(0x0A)
                continue
            }
            if isControl(byte) { throw fail("control character U+\(hex(byte, 4)) in a string") }
            output.append(byte)
            index += 1
        }
    }

    /// At three `quote`s, ends a multi-line string: up to two more quotes right before the closing delimiter
    /// belong to the text (TOML 1.0). Nil when the cursor is not at a closing delimiter.
    private mutating func closeMultiLine(_ quote: UInt8, _ output: inout [UInt8]) -> String? {
        guard current == quote, peek(1) == quote, peek(2) == quote else { return nil }
        var quotes = 3
        while peek(quotes) == quote && quotes < 5 { quotes += 1 }
        output.append(contentsOf: Array(repeating: quote, count: quotes - 3))
        index += quotes
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: - Arrays and inline tables

    private mutating func array() throws -> TOMLValue {
        let open = position
        try enter(1, at: index)
        defer { depth -= 1 }
        index += 1
        var values: [TOMLValue] = []
        while true {
            try skipBlanksCommentsAndNewlines()
            guard let byte = current else { throw fail("unterminated array (missing ']')") }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(values, open)
            }
            values.append(try value())
            try skipBlanksCommentsAndNewlines()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard current == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in the array") }
        }
    }

    private mutating func inlineTable() throws -> TOMLValue {
        let open = position
        index += 1
        let table = Node()
        var inlineFlags = Flags()
        skipBlanks()
        if current == UInt8(ascii: "}") {
            index += 1
            return .table(table.table(at: open))
        }
        while true {
            skipBlanks()
            let keyOffset = index
            let keyPosition = position
            let key = try self.key()
            skipBlanks()
            guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the key \"\(dotted(key))\"") }
            index += 1
            skipBlanks()
            let outer = depth
            try enter(key.count, at: keyOffset)
            let value = try self.value()
            depth = outer
            if inlineFlags.isSet(key, .frozen) {
                throw fail("\(dotted(key)) is an inline table or array and cannot be extended", at: keyOffset)
            }
            guard let nest = table.nest(Array(key.dropLast()), accessLists: false, position: keyPosition) else {
                throw fail(
                    "\(dotted(Array(key.dropLast()))) already holds a value, so it cannot be a table",
                    at: keyOffset
                )
            }
            guard nest.children[key.last!] == nil else {
                throw fail("duplicate key \"\(dotted(key))\" in the inline table", at: keyOffset)
            }
            nest.insert(key.last!, .value(value, keyPosition))
            if case .array = value { inlineFlags.set(key, .frozen, recursive: true) }
            if case .table = value { inlineFlags.set(key, .frozen, recursive: true) }
            skipBlanks()
            if current == UInt8(ascii: ",") {
                index += 1
                skipBlanks()
                if current == UInt8(ascii: "}") { throw fail("trailing ',' is not allowed in an inline table") }
                continue
            }
            guard current == UInt8(ascii: "}") else {
                throw fail("expected ',' or '}' in the inline table (inline tables stay on one line)")
            }
            index += 1
            return .table(table.table(at: open))
        }
    }
}

// MARK: - The tree under construction

/// A table being built: mutable, shared by reference while the parser walks into it.
private final class Node {
    enum Child {
        case value(TOMLValue, SourcePosition)
        case table(Node, SourcePosition)
        /// Elements in a shared list, so that appending one does not copy the others.
        case tables(NodeList, SourcePosition)
    }

    var keys: [String] = []
    var children: [String: Child] = [:]

    func insert(_ key: String, _ child: Child) {
        if children[key] == nil { keys.append(key) }
        children[key] = child
    }

    /// The table at `key`, created as needed; into the last element of arrays of tables when `accessLists`.
    /// Nil when a value stands in the way.
    func nest(_ key: [String], accessLists: Bool, position: SourcePosition) -> Node? {
        var node = self
        for part in key {
            switch node.children[part] {
            case nil:
                let child = Node()
                node.insert(part, .table(child, position))
                node = child
            case .table(let child, _):
                node = child
            case .tables(let list, _):
                guard accessLists, let last = list.elements.last else { return nil }
                node = last
            case .value(.table, _), .value:
                return nil
            }
        }
        return node
    }

    /// Appends a new table to the array of tables at `key`; false when `key` holds something else.
    func appendTableArrayElement(_ key: String, position: SourcePosition) -> Bool {
        switch children[key] {
        case nil:
            insert(key, .tables(NodeList([Node()]), position))
            return true
        case .tables(let list, _):
            list.elements.append(Node())
            return true
        default:
            return false
        }
    }

    func table(at position: SourcePosition) -> TOMLTable {
        var table = TOMLTable(position: position)
        for key in keys {
            switch children[key]! {
            case .value(let value, let at):
                table.set(key, .init(value: value, position: at))
            case .table(let node, let at):
                table.set(key, .init(value: .table(node.table(at: at)), position: at))
            case .tables(let list, let at):
                table.set(key, .init(value: .array(list.elements.map { .table($0.table(at: at)) }, at), position: at))
            }
        }
        return table
    }
}

/// The elements of an array of tables.
private final class NodeList {
    var elements: [Node]
    init(_ elements: [Node]) { self.elements = elements }
}

/// Where `TOMLParser.position(at:)` last counted columns to.
private final class ColumnCache {
    var lineStart = -1
    var offset = 0
    var column = 1
}

/// Which keys were defined how, as TOML 1.0 (and tomllib) tracks it to refuse redefinitions.
///
/// A tree by key part, so that each question costs the length of its key: a dictionary keyed by whole keys
/// made every prefix of a long dotted key hash every part again, and clearing an array of tables' keys
/// filtered every key of the file.
private struct Flags {
    struct Flag: OptionSet {
        let rawValue: UInt8
        /// Defined by a header, or by dotted keys in an earlier section.
        static let explicitNest = Flag(rawValue: 1)
        /// An inline table or array: nothing may be added to it.
        static let frozen = Flag(rawValue: 2)
    }

    final class Entry {
        var own: Flag = []
        var recursive: Flag = []
        var children: [String: Entry] = [:]
    }

    private let root = Entry()
    private var pending: [Entry] = []

    /// Whether `flag` is set on `key` itself, or recursively on a table that contains it.
    func isSet(_ key: [String], _ flag: Flag) -> Bool {
        guard !key.isEmpty else { return false }
        var entry = root
        for (position, part) in key.enumerated() {
            guard let child = entry.children[part] else { return false }
            entry = child
            if position < key.count - 1, entry.recursive.contains(flag) { return true }
        }
        return entry.own.contains(flag) || entry.recursive.contains(flag)
    }

    /// The first of the tables `path.prefix(from + 1)`, `path.prefix(from + 2)`, … that has `explicitNest`
    /// (its own, or from a table containing it), as the count of parts past `from`; nil when none has.
    func firstDefinedContainer(_ path: [String], from: Int) -> Int? {
        var entry: Entry? = root
        var inherited = false
        for (position, part) in path.enumerated() {
            entry = entry?.children[part]
            guard let found = entry else {
                return inherited && from < path.count ? max(position, from) - from + 1 : nil
            }
            if position >= from,
                inherited || found.own.contains(.explicitNest) || found.recursive.contains(.explicitNest)
            {
                return position - from + 1
            }
            if found.recursive.contains(.explicitNest) { inherited = true }
        }
        return nil
    }

    mutating func set(_ key: [String], _ flag: Flag, recursive: Bool) {
        let entry = make(key[...])
        if recursive { entry.recursive.insert(flag) } else { entry.own.insert(flag) }
    }

    /// Forgets the flags of `key` and of every key under it.
    mutating func unsetAll(_ key: [String]) {
        guard let last = key.last else { return }
        var entry = root
        for part in key.dropLast() {
            guard let child = entry.children[part] else { return }
            entry = child
        }
        entry.children[last] = nil
    }

    /// Marks the tables `path.prefix(from + 1)` … `path` to get `explicitNest` at the next header.
    mutating func addPending(_ path: [String], from: Int) {
        var entry = root
        for (position, part) in path.enumerated() {
            entry = entry.child(part)
            if position >= from { pending.append(entry) }
        }
    }

    mutating func finalizePending() {
        for entry in pending { entry.own.insert(.explicitNest) }
        pending.removeAll()
    }

    private func make(_ key: ArraySlice<String>) -> Entry {
        var entry = root
        for part in key { entry = entry.child(part) }
        return entry
    }
}

extension Flags.Entry {
    fileprivate func child(_ part: String) -> Flags.Entry {
        if let existing = children[part] { return existing }
        let created = Flags.Entry()
        children[part] = created
        return created
    }
}
