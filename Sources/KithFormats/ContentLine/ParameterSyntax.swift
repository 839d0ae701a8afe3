/// The parameter section of a content line (`;TYPE=work,"a;b";CN=Ana`), read on demand without allocating.
///
/// RFC 5545 §3.1 and RFC 6350 §3.3: values are comma-separated, optionally quoted (a quoted value may hold
/// `;`, `:` and `,`); RFC 6868 `^` escapes are decoded when a value is turned into text. vCard 2.1 writes
/// bare values (`TEL;HOME;VOICE`), which mean `TYPE=…`, or `ENCODING=…` for the encodings.
enum ParameterSyntax {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// Calls `visit` with the name, one value and the parameter's ordinal for every value of every
    /// well-formed parameter (a bare vCard 2.1 value has an empty name). Returns how many parameters were
    /// malformed and skipped. Works on the bytes in place: nothing is copied or retained.
    @discardableResult
    static func walk(
        _ slice: ArraySlice<UInt8>,
        _ visit: (_ name: Bytes, _ value: Bytes, _ ordinal: Int) -> Void
    ) -> Int {
        if slice.isEmpty { return 0 }
        return slice.withUnsafeBufferPointer { walk(buffer: $0, visit) }
    }

    @discardableResult
    static func walk(buffer bytes: Bytes, _ visit: (_ name: Bytes, _ value: Bytes, _ ordinal: Int) -> Void) -> Int {
        var malformed = 0
        var ordinal = 0
        var index = 0
        let end = bytes.count
        func part(_ range: Range<Int>) -> Bytes { trimmed(Bytes(rebasing: bytes[range])) }
        while index < end {
            if bytes[index] == UInt8(ascii: ";") { index += 1 }
            let nameStart = index
            while index < end, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ";"),
                bytes[index] != UInt8(ascii: "\"")
            {
                index += 1
            }
            let name = part(nameStart..<index)
            if index == end || bytes[index] == UInt8(ascii: ";") {
                if !name.isEmpty {
                    visit(Bytes(rebasing: bytes[nameStart..<nameStart]), name, ordinal)
                    ordinal += 1
                }
                continue
            }
            if bytes[index] == UInt8(ascii: "\"") || name.isEmpty {
                malformed += 1
                while index < end, bytes[index] != UInt8(ascii: ";") { index += 1 }
                continue
            }
            index += 1  // "="
            var wellFormed = true
            while true {
                while index < end, ASCII.isSpace(bytes[index]) { index += 1 }
                if index < end, bytes[index] == UInt8(ascii: "\"") {
                    let start = index + 1
                    var close = start
                    while close < end, bytes[close] != UInt8(ascii: "\"") { close += 1 }
                    guard close < end else {
                        wellFormed = false
                        index = end
                        break
                    }
                    visit(name, Bytes(rebasing: bytes[start..<close]), ordinal)
                    index = close + 1
                    while index < end, ASCII.isSpace(bytes[index]) { index += 1 }
                } else {
                    let start = index
                    while index < end, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: ";") {
                        index += 1
                    }
                    visit(name, part(start..<index), ordinal)
                }
                guard index < end, bytes[index] == UInt8(ascii: ",") else { break }
                index += 1
            }
            if !wellFormed || (index < end && bytes[index] != UInt8(ascii: ";")) {
                malformed += 1
                while index < end, bytes[index] != UInt8(ascii: ";") { index += 1 }
            }
            ordinal += 1
        }
        return malformed
    }

    /// Reads a parameter section (from its first `;` to the end of the line): where the value's `:` stands
    /// (relative to the section), the `ENCODING` the parameters name, and whether any parameter is malformed.
    static func scan(_ bytes: Bytes) -> (colon: Int?, encoding: TransferEncoding, malformed: Bool) {
        if let common = scanPlain(bytes) { return common }
        guard let colon = valueColon(bytes, from: 0) else { return (nil, .none, false) }
        var encoding = TransferEncoding.none
        let malformed = walk(buffer: Bytes(rebasing: bytes[0..<colon])) { name, value, _ in
            guard matches(name, value: value, "ENCODING") else { return }
            encoding = transferEncoding(value) ?? encoding
        }
        return (colon, encoding, malformed > 0)
    }

    /// `scan` for the sections nearly every line has, in one pass: `;name=value` with values bare or quoted
    /// and comma-separated, or vCard 2.1's bare `;VALUE`, up to the first `:`. Nil at anything else (blanks,
    /// stray quotes, empty names, no `:`), which the general path then reads; both agree where this answers.
    private static func scanPlain(_ bytes: Bytes) -> (colon: Int?, encoding: TransferEncoding, malformed: Bool)? {
        let end = bytes.count
        var index = 0
        var encoding = TransferEncoding.none
        while index < end, bytes[index] == UInt8(ascii: ";") {
            index += 1
            let nameStart = index
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") { break }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ",") || ASCII.isSpace(byte) { return nil }
                index += 1
            }
            guard index < end, index > nameStart else { return nil }
            let name = Bytes(rebasing: bytes[nameStart..<index])
            if bytes[index] != UInt8(ascii: "=") {
                // A bare vCard 2.1 value: TYPE, or ENCODING when it names one.
                if isEncoding(name) { encoding = transferEncoding(name) ?? encoding }
                if bytes[index] == UInt8(ascii: ":") { return (index, encoding, false) }
                continue
            }
            let isEncodingParameter = name.count == 8 && ASCII.equalsUpper(name, "ENCODING")
            index += 1
            while true {
                let valueStart: Int
                let valueEnd: Int
                if index < end, bytes[index] == UInt8(ascii: "\"") {
                    valueStart = index + 1
                    index = valueStart
                    while index < end, bytes[index] != UInt8(ascii: "\"") { index += 1 }
                    guard index < end else { return nil }
                    valueEnd = index
                    index += 1
                } else {
                    valueStart = index
                    while index < end {
                        let byte = bytes[index]
                        if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") { break }
                        if byte == UInt8(ascii: "\"") || ASCII.isSpace(byte) { return nil }
                        index += 1
                    }
                    valueEnd = index
                }
                if isEncodingParameter {
                    encoding = transferEncoding(Bytes(rebasing: bytes[valueStart..<valueEnd])) ?? encoding
                }
                guard index < end else { return nil }
                let separator = bytes[index]
                if separator == UInt8(ascii: ":") { return (index, encoding, false) }
                if separator == UInt8(ascii: ";") { break }
                guard separator == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
        return nil
    }

    /// The encoding an `ENCODING` value names; nil for values that leave the text as it is (8BIT, 7BIT, …).
    private static func transferEncoding(_ value: Bytes) -> TransferEncoding? {
        if ASCII.equalsUpper(value, "QUOTED-PRINTABLE") { return .quotedPrintable }
        if ASCII.equalsUpper(value, "B") || ASCII.equalsUpper(value, "BASE64") { return .base64 }
        return nil
    }

    /// The first value of the named parameter (name compared case-insensitively; pass it upper-cased).
    static func first(_ name: String, in bytes: Bytes) -> String? {
        var found: String? = nil
        walk(buffer: bytes) { parameterName, value, _ in
            if found == nil, matches(parameterName, value: value, name) { found = decodeCaret(value) }
        }
        return found
    }

    /// Whether the named parameter has `value` among its values, compared case-insensitively.
    static func has(_ name: String, value: String, in bytes: Bytes) -> Bool {
        var found = false
        walk(buffer: bytes) { parameterName, candidate, _ in
            if !found, matches(parameterName, value: candidate, name), ASCII.equalsIgnoringCase(candidate, value.utf8) {
                found = true
            }
        }
        return found
    }

    static func trimmed(_ bytes: Bytes) -> Bytes {
        var start = 0
        var end = bytes.count
        while start < end, ASCII.isSpace(bytes[start]) { start += 1 }
        while end > start, ASCII.isSpace(bytes[end - 1]) { end -= 1 }
        return Bytes(rebasing: bytes[start..<end])
    }

    /// The end of the parameter section: the first `:` outside quotes at or after `start`. When quotes do not
    /// balance, the first `:` at all (the line is then reported as having a malformed parameter).
    static func valueColon(_ bytes: Bytes, from start: Int) -> Int? {
        var quoted = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: ":") && !quoted {
                return index
            }
            index += 1
        }
        index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: ":") { index += 1 }
        return index < bytes.count ? index : nil
    }

    /// The effective, upper-cased name of a parameter (for a bare vCard 2.1 value, TYPE or ENCODING).
    static func name(_ name: Bytes, value: Bytes) -> String {
        if name.isEmpty { return isEncoding(value) ? "ENCODING" : "TYPE" }
        return ASCII.uppercased(name)
    }

    /// Whether a parameter is the one called `target` (upper-case).
    static func matches(_ name: Bytes, value: Bytes, _ target: String) -> Bool {
        if name.isEmpty { return target == (isEncoding(value) ? "ENCODING" : "TYPE") }
        return ASCII.equalsIgnoringCase(name, target.utf8)
    }

    static func isEncoding(_ value: Bytes) -> Bool {
        ASCII.equalsUpper(value, "QUOTED-PRINTABLE") || ASCII.equalsUpper(value, "BASE64")
            || ASCII.equalsUpper(value, "B") || ASCII.equalsUpper(value, "8BIT") || ASCII.equalsUpper(value, "7BIT")
    }

    /// RFC 6868: `^n` is a line break, `^^` a caret, `^'` a double quote; any other `^` stays as written.
    static func decodeCaret(_ bytes: Bytes) -> String {
        guard bytes.contains(UInt8(ascii: "^")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "^"), index + 1 < bytes.count {
                switch bytes[index + 1] {
                case UInt8(ascii: "n"), UInt8(ascii: "N"):
                    output.append(0x0A)
                    index += 2
                    continue
                case UInt8(ascii: "^"):
                    output.append(UInt8(ascii: "^"))
                    index += 2
                    continue
                case UInt8(ascii: "'"):
                    output.append(UInt8(ascii: "\""))
                    index += 2
                    continue
                default: break
                }
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
