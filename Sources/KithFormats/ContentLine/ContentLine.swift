/// How a value is transfer-encoded (vCard 2.1/3.0 `ENCODING`).
package enum TransferEncoding: Sendable, Hashable {
    case none
    case quotedPrintable
    case base64
}

/// One logical line of an iCalendar or vCard file: `group.NAME;PARAM=value:value`, unfolded.
///
/// The value and the parameters stay as bytes (UTF-8, after any charset repair); callers decode only what
/// they use, so reading a line allocates nothing for the parameters nobody asks for.
package struct ContentLine: Sendable {
    /// The property group (`item1` in `item1.EMAIL`), as written.
    package var group: String?
    /// The property name, upper-cased.
    package var name: String
    /// The parameter section as written, from the first `;` up to (not including) the value's `:`.
    package var parameterBytes: ArraySlice<UInt8>
    /// The raw value bytes after unfolding, still escaped and still encoded (quoted-printable, base64).
    package var value: ArraySlice<UInt8>
    /// Physical line (1-based) where the content line starts.
    package var line: Int
    /// Column (1-based) of the value's first byte on its physical line.
    package var valueColumn: Int
    /// The `ENCODING` parameter, read once with the line.
    package var transferEncoding: TransferEncoding
    /// Which property it is, for the names readers act on.
    package var kind: PropertyKind

    package init(
        group: String? = nil,
        name: String,
        parameterBytes: ArraySlice<UInt8> = [],
        value: ArraySlice<UInt8>,
        line: Int,
        valueColumn: Int = 1,
        transferEncoding: TransferEncoding = .none,
        kind: PropertyKind? = nil
    ) {
        self.group = group
        self.name = name
        self.parameterBytes = parameterBytes
        self.value = value
        self.line = line
        self.valueColumn = valueColumn
        self.transferEncoding = transferEncoding
        self.kind = kind ?? PropertyKind(name)
    }

    /// The first value of the named parameter (name compared case-insensitively; pass it upper-cased).
    package func parameter(_ name: String) -> String? {
        guard !parameterBytes.isEmpty else { return nil }
        return parameterBytes.withUnsafeBufferPointer { ParameterSyntax.first(name, in: $0) }
    }

    /// Every value of every occurrence of the named parameter.
    package func parameterValues(_ name: String) -> [String] {
        var result: [String] = []
        ParameterSyntax.walk(parameterBytes) { parameterName, value, _ in
            if ParameterSyntax.matches(parameterName, value: value, name) {
                result.append(ParameterSyntax.decodeCaret(value))
            }
        }
        return result
    }

    /// Whether the named parameter has `value` among its values, compared case-insensitively.
    package func hasParameter(_ name: String, value: String) -> Bool {
        guard !parameterBytes.isEmpty else { return false }
        return parameterBytes.withUnsafeBufferPointer { ParameterSyntax.has(name, value: value, in: $0) }
    }

    /// `bytes` without leading and trailing blanks.
    package static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, ASCII.isSpace(bytes[start]) { start += 1 }
        while end > start, ASCII.isSpace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// The value as text, without unescaping.
    package var rawText: String { String(decoding: value, as: UTF8.self) }

    /// The value as TEXT (RFC 5545 §3.3.11, RFC 6350 §3.4): `\n`, `\,`, `\;`, `\\` unescaped.
    package var text: String { ValueText.unescape(value) }
}

extension String {
    /// ASCII case-insensitive comparison, enough for property and parameter names and enumerated values.
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        let left = utf8
        let right = other.utf8
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where a != b {
            guard ASCII.upper(a) == ASCII.upper(b) else { return false }
        }
        return true
    }
}

/// ASCII byte helpers used by the parsers.
package enum ASCII {
    @inline(__always) package static func upper(_ byte: UInt8) -> UInt8 {
        byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
    }

    @inline(__always) package static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always) package static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The bytes, each changed by `transform`, as a String made in one allocation (none when short);
    /// invalid UTF-8 is repaired as `String(decoding:as:)` does.
    private static func mapped(_ bytes: some Collection<UInt8>, _ transform: (UInt8) -> UInt8) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var count = 0
            for byte in bytes {
                buffer[count] = transform(byte)
                count += 1
            }
            return count
        }
    }

    /// The text with ASCII letters upper-cased (enumerated values such as PARTSTAT).
    package static func uppercased(_ bytes: some Collection<UInt8>) -> String { mapped(bytes, upper) }

    /// Whether two byte sequences are equal, ignoring ASCII case.
    package static func equalsIgnoringCase(_ left: some Collection<UInt8>, _ right: some Collection<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where a != b {
            guard upper(a) == upper(b) else { return false }
        }
        return true
    }

    /// Whether `bytes` equals the upper-case ASCII `literal`, ignoring case.
    package static func equalsUpper(_ bytes: some Collection<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        var pointer = literal.utf8Start
        for byte in bytes {
            if upper(byte) != pointer.pointee { return false }
            pointer += 1
        }
        return true
    }
}

/// Unescaping of TEXT values and splitting of lists.
package enum ValueText {
    /// Unescapes a TEXT value: `\n` and `\N` become a line feed; `\\`, `\;`, `\,` their character.
    /// Any other backslash is not an escape (RFC 5545 §3.3.11, RFC 6350 §3.4) and is kept as written.
    package static func unescape(_ bytes: some Collection<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var escaping = false
        for byte in bytes {
            if escaping {
                switch byte {
                case UInt8(ascii: "n"), UInt8(ascii: "N"): output.append(0x0A)
                // `\"` is no escape in the RFCs, but Gmail and Apple write it meaning a quote.
                case UInt8(ascii: "\\"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\""): output.append(byte)
                default: output.append(contentsOf: [UInt8(ascii: "\\"), byte])
                }
                escaping = false
            } else if byte == UInt8(ascii: "\\") {
                escaping = true
            } else {
                output.append(byte)
            }
        }
        if escaping { output.append(UInt8(ascii: "\\")) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Splits a value on unescaped `separator` bytes, leaving each part still escaped.
    package static func split(_ bytes: ArraySlice<UInt8>, on separator: UInt8) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == separator {
                parts.append(bytes[start..<index])
                start = index + 1
            }
            index += 1
        }
        parts.append(bytes[start..<min(bytes.endIndex, max(start, bytes.endIndex))])
        return parts
    }
}
