/// Reads content lines (RFC 5545 §3.1, RFC 6350 §3.2) from bytes, one logical line at a time.
///
/// Handles CRLF, LF and lone-CR line ends; unfolding on the bytes (so a fold inside a multi-byte UTF-8
/// character joins up again); vCard 2.1 quoted-printable soft line breaks and base64 blocks continued
/// without indentation; lines that are not UTF-8, decoded by their `CHARSET` parameter or else as
/// Windows-1252. A line that cannot be read is reported and skipped; reading goes on with the next one.
package struct ContentLineReader {
    private let source: [UInt8]
    private let isUTF8: Bool
    private var position = 0
    /// Physical line number (1-based) of the byte at `position`.
    private var physicalLine = 1

    package init(_ text: SourceText) {
        self.source = text.bytes
        self.isUTF8 = text.isUTF8
    }

    /// The physical line the reader has reached; after the last line, one past it.
    package var currentLine: Int { physicalLine }

    /// The next content line, or nil at the end of the input.
    package mutating func next(log: inout DiagnosticLog) -> ContentLine? {
        while position < source.count {
            let startLine = physicalLine
            let first = scanPhysicalLine(at: position)
            if first.contentEnd == position {  // blank line
                advance(to: first.next)
                continue
            }
            if ASCII.isSpace(source[position]) {
                let onlySpace = source[position..<first.contentEnd].allSatisfy(ASCII.isSpace)
                if !onlySpace {
                    log.warning(
                        .continuationWithoutLine,
                        "indented line continues no property; skipped",
                        line: startLine
                    )
                }
                advance(to: first.next)
                continue
            }
            let firstSegment = position..<first.contentEnd
            var total = first.contentEnd - position
            advance(to: first.next)
            // Most lines are not folded: only build the list of segments when a fold follows.
            var segments: [Range<Int>] = []
            if position < source.count,
                ASCII.isSpace(source[position]) || source[position] == 0x0D
                    || source[position] == 0x0A
            {
                segments.append(firstSegment)
                appendFolds(to: &segments, total: &total)
                if segments.count == 1 { segments.removeAll() }
            }
            if total > Limits.maxLineBytes {
                log.error(
                    .lineTooLong,
                    "line is \(total) bytes long, more than the limit of \(Limits.maxLineBytes); skipped",
                    line: startLine
                )
                continue
            }
            var logical = segments.isEmpty ? source[firstSegment] : join(segments)
            guard var line = parse(logical, firstSegment: firstSegment, line: startLine, log: &log) else { continue }
            if isQuotedPrintable(line), line.value.last == UInt8(ascii: "=") {
                logical = joinSoftBreaks(logical, total: &total)
                if let reparsed = parse(logical, firstSegment: firstSegment, line: startLine, log: &log) {
                    line = reparsed
                }
            } else if isBase64(line) {
                logical = joinUnindentedBase64(logical)
                if let reparsed = parse(logical, firstSegment: firstSegment, line: startLine, log: &log) {
                    line = reparsed
                }
            }
            if !isUTF8 { repairEncoding(&line, log: &log) }
            return line
        }
        return nil
    }

    // MARK: - Physical lines

    /// Finds the end of the physical line that starts at `start`: where its content ends, and where the
    /// next line starts (after CRLF, LF or a lone CR).
    private func scanPhysicalLine(at start: Int) -> (contentEnd: Int, next: Int) {
        source.withUnsafeBufferPointer { buffer in
            var index = start
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A { return (index, index + 1) }
                if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { return (index, index + 2) }
                    return (index, index + 1)
                }
                index += 1
            }
            return (count, count)
        }
    }

    private mutating func advance(to next: Int) {
        position = next
        physicalLine += 1
    }

    /// Appends the folded continuation lines that follow (each starts with one space or tab, dropped).
    /// A blank line between a line and its continuation (Mozilla's old exports) is skipped.
    private mutating func appendFolds(to segments: inout [Range<Int>], total: inout Int) {
        while position < source.count {
            if !ASCII.isSpace(source[position]) {
                let blank = scanPhysicalLine(at: position)
                guard blank.contentEnd == position, blank.next < source.count, ASCII.isSpace(source[blank.next]) else {
                    return
                }
                advance(to: blank.next)
            }
            let physical = scanPhysicalLine(at: position)
            segments.append((position + 1)..<physical.contentEnd)
            total += physical.contentEnd - position - 1
            advance(to: physical.next)
        }
    }

    private func join(_ segments: [Range<Int>]) -> ArraySlice<UInt8> {
        if segments.count == 1 { return source[segments[0]] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segments.reduce(0) { $0 + $1.count })
        for segment in segments { bytes.append(contentsOf: source[segment]) }
        return bytes[...]
    }

    /// vCard 2.1 quoted-printable: a value ending in `=` continues on the next physical line, unindented.
    private mutating func joinSoftBreaks(_ logical: ArraySlice<UInt8>, total: inout Int) -> ArraySlice<UInt8> {
        var bytes = Array(logical)
        while bytes.last == UInt8(ascii: "="), position < source.count, total <= Limits.maxLineBytes {
            let physical = scanPhysicalLine(at: position)
            // Keep the soft break visible to the decoder as "=\n".
            bytes.append(0x0A)
            // RFC 2045 §6.7: the next line continues the text literally, indentation included.
            let start = position
            bytes.append(contentsOf: source[start..<physical.contentEnd])
            total += physical.contentEnd - start
            advance(to: physical.next)
        }
        return bytes[...]
    }

    /// vCard 2.1 base64: the data may go on over unindented lines until a blank line.
    private mutating func joinUnindentedBase64(_ logical: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes: [UInt8]? = nil
        while position < source.count {
            let physical = scanPhysicalLine(at: position)
            let candidate = source[position..<physical.contentEnd]
            guard !candidate.isEmpty, candidate.allSatisfy(Self.isBase64Byte) else { break }
            if bytes == nil { bytes = Array(logical) }
            bytes!.append(contentsOf: candidate)
            advance(to: physical.next)
        }
        return bytes.map { $0[...] } ?? logical
    }

    private static func isBase64Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            return true
        default: return false
        }
    }

    private func isQuotedPrintable(_ line: ContentLine) -> Bool {
        line.hasParameter("ENCODING", value: "QUOTED-PRINTABLE")
    }

    private func isBase64(_ line: ContentLine) -> Bool {
        line.hasParameter("ENCODING", value: "BASE64") || line.hasParameter("ENCODING", value: "B")
    }

    // MARK: - Name, parameters, value

    private func parse(
        _ bytes: ArraySlice<UInt8>,
        firstSegment: Range<Int>,
        line: Int,
        log: inout DiagnosticLog
    ) -> ContentLine? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end, ASCII.isSpace(bytes[index]) { index += 1 }
        let nameStart = index
        while index < end, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") { index += 1 }
        var nameEnd = index
        while nameEnd > nameStart, ASCII.isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
        if index == end {
            let preview = String(decoding: bytes.prefix(40), as: UTF8.self)
            log.error(.missingColon, "line has no ':' between name and value (\"\(preview)\"); skipped", line: line)
            return nil
        }
        guard nameEnd > nameStart, bytes[nameStart..<nameEnd].allSatisfy(Self.isNameByte) else {
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            log.error(.badPropertyName, "\"\(name)\" is not a property name; line skipped", line: line)
            return nil
        }
        var group: String? = nil
        var nameBytes = bytes[nameStart..<nameEnd]
        if let dot = nameBytes.lastIndex(of: UInt8(ascii: ".")) {
            group = String(decoding: nameBytes[nameStart..<dot], as: UTF8.self)
            nameBytes = nameBytes[(dot + 1)...]
        }
        let name = Self.upperString(nameBytes)
        var parameters: [Parameter] = []
        while index < end, bytes[index] == UInt8(ascii: ";") {
            index += 1
            guard let parameter = parseParameter(bytes, at: &index) else {
                log.warning(.badParameter, "malformed parameter of \(name) ignored", line: line)
                while index < end, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") {
                    index += 1
                }
                continue
            }
            if !parameter.name.isEmpty { parameters.append(parameter) }
        }
        guard index < end, bytes[index] == UInt8(ascii: ":") else {
            log.error(.missingColon, "\(name) has no ':' before its value; skipped", line: line)
            return nil
        }
        let valueStart = index + 1
        var column = 1
        if bytes.startIndex == firstSegment.lowerBound, valueStart <= firstSegment.upperBound {
            column = valueStart - firstSegment.lowerBound + 1
        }
        return ContentLine(
            group: group,
            name: name,
            parameters: parameters,
            value: bytes[valueStart..<end],
            line: line,
            valueColumn: column
        )
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default: return false
        }
    }

    private static func upperString(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.lazy.map(ASCII.upper), as: UTF8.self)
    }

    /// Parses `NAME=value,"quoted value"` or a vCard 2.1 bare value; `index` ends on `;`, `:` or the end.
    private func parseParameter(_ bytes: ArraySlice<UInt8>, at index: inout Int) -> Parameter? {
        let end = bytes.endIndex
        let nameStart = index
        while index < end, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ";"),
            bytes[index] != UInt8(ascii: ":"), bytes[index] != UInt8(ascii: "\"")
        {
            index += 1
        }
        let name = Self.upperString(ContentLine.trimmed(bytes[nameStart..<index]))
        guard index < end, bytes[index] == UInt8(ascii: "=") else {
            guard index < end, bytes[index] != UInt8(ascii: "\"") else { return nil }
            // vCard 2.1 allows a parameter value without its name: `TEL;HOME;VOICE:`.
            if name.isEmpty { return Parameter(name: "", values: []) }
            switch name {
            case "QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT": return Parameter(name: "ENCODING", values: [name])
            default: return Parameter(name: "TYPE", values: [name])
            }
        }
        index += 1
        var values: [String] = []
        while true {
            while index < end, ASCII.isSpace(bytes[index]) { index += 1 }
            if index < end, bytes[index] == UInt8(ascii: "\"") {
                let start = index + 1
                guard let close = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                values.append(Self.decodeCaret(bytes[start..<close]))
                index = close + 1
                while index < end, ASCII.isSpace(bytes[index]) { index += 1 }
            } else {
                let start = index
                while index < end, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: ";"),
                    bytes[index] != UInt8(ascii: ":")
                {
                    index += 1
                }
                values.append(Self.decodeCaret(ContentLine.trimmed(bytes[start..<index])))
            }
            guard index < end, bytes[index] == UInt8(ascii: ",") else { break }
            index += 1
        }
        guard index == end || bytes[index] == UInt8(ascii: ";") || bytes[index] == UInt8(ascii: ":") else {
            return nil
        }
        return Parameter(name: name, values: values)
    }

    /// RFC 6868: `^n` is a line break, `^^` a caret, `^'` a double quote; any other `^` stays as written.
    private static func decodeCaret(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "^")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "^"), index + 1 < bytes.endIndex {
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

    // MARK: - Encoding repair

    /// Re-encodes a value that is not UTF-8: by its CHARSET parameter, else as Windows-1252.
    private func repairEncoding(_ line: inout ContentLine, log: inout DiagnosticLog) {
        guard !TextEncoding.isValidUTF8(line.value) else { return }
        if let charset = line.parameter("CHARSET") {
            if let converted = TextEncoding.transcode(line.value, charset: charset) {
                line.value = converted[...]
                return
            }
            log.warning(
                .unknownCharset,
                "\(line.name) is not valid \(charset); decoded as Windows-1252",
                line: line.line,
                column: line.valueColumn
            )
        } else {
            log.warning(
                .invalidUTF8,
                "\(line.name) is not valid UTF-8; decoded as Windows-1252",
                line: line.line,
                column: line.valueColumn
            )
        }
        var output: [UInt8] = []
        Windows1252.transcode(line.value, into: &output)
        line.value = output[...]
    }
}
