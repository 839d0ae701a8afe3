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
            if line.transferEncoding == .quotedPrintable, line.value.last == UInt8(ascii: "=") {
                logical = joinSoftBreaks(logical, total: &total)
                if let reparsed = parse(logical, firstSegment: firstSegment, line: startLine, log: &log) {
                    line = reparsed
                }
            } else if line.transferEncoding == .base64 {
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

    // MARK: - Name, parameters, value

    private func parse(
        _ bytes: ArraySlice<UInt8>,
        firstSegment: Range<Int>,
        line: Int,
        log: inout DiagnosticLog
    ) -> ContentLine? {
        // Scan on the bytes in place (no slices, so no reference counting), then cut the two slices kept.
        enum Outcome {
            case line(name: String, group: String?, parameters: Range<Int>, colon: Int, encoding: TransferEncoding)
            case missingColon
            case badName(String)
            case noColonAfterParameters(String)
        }
        var malformedParameters = 0
        let outcome: Outcome = bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let end = buffer.count
            while index < end, ASCII.isSpace(buffer[index]) { index += 1 }
            let nameStart = index
            while index < end, buffer[index] != UInt8(ascii: ";"), buffer[index] != UInt8(ascii: ":") { index += 1 }
            var nameEnd = index
            while nameEnd > nameStart, ASCII.isSpace(buffer[nameEnd - 1]) { nameEnd -= 1 }
            if index == end { return .missingColon }
            var dot = -1
            var valid = nameEnd > nameStart
            for position in nameStart..<nameEnd {
                let byte = buffer[position]
                if !Self.isNameByte(byte) { valid = false }
                if byte == UInt8(ascii: ".") { dot = position }
            }
            guard valid else {
                return .badName(
                    String(decoding: UnsafeBufferPointer(rebasing: buffer[nameStart..<nameEnd]), as: UTF8.self)
                )
            }
            var group: String? = nil
            var bareStart = nameStart
            if dot >= 0 {
                group = String(decoding: UnsafeBufferPointer(rebasing: buffer[nameStart..<dot]), as: UTF8.self)
                bareStart = dot + 1
            }
            let name = PropertyNames.name(UnsafeBufferPointer(rebasing: buffer[bareStart..<nameEnd]))
            guard buffer[index] == UInt8(ascii: ";") else {
                return .line(name: name, group: group, parameters: index..<index, colon: index, encoding: .none)
            }
            guard let colon = ParameterSyntax.valueColon(buffer, from: index) else {
                return .noColonAfterParameters(name)
            }
            var encoding = TransferEncoding.none
            malformedParameters = ParameterSyntax.walk(buffer: UnsafeBufferPointer(rebasing: buffer[index..<colon])) {
                parameterName,
                value,
                _ in
                guard ParameterSyntax.matches(parameterName, value: value, "ENCODING") else { return }
                if ASCII.equalsUpper(value, "QUOTED-PRINTABLE") {
                    encoding = .quotedPrintable
                } else if ASCII.equalsUpper(value, "B") || ASCII.equalsUpper(value, "BASE64") {
                    encoding = .base64
                }
            }
            return .line(name: name, group: group, parameters: index..<colon, colon: colon, encoding: encoding)
        }
        switch outcome {
        case .missingColon:
            let preview = String(decoding: bytes.prefix(40), as: UTF8.self)
            log.error(.missingColon, "line has no ':' between name and value (\"\(preview)\"); skipped", line: line)
            return nil
        case .badName(let name):
            log.error(.badPropertyName, "\"\(name)\" is not a property name; line skipped", line: line)
            return nil
        case .noColonAfterParameters(let name):
            log.error(.missingColon, "\(name) has no ':' before its value; skipped", line: line)
            return nil
        case .line(let name, let group, let parameters, let colon, let encoding):
            if malformedParameters > 0 {
                log.warning(.badParameter, "malformed parameter of \(name) ignored", line: line)
            }
            let base = bytes.startIndex
            let valueStart = base + colon + 1
            var column = 1
            if base == firstSegment.lowerBound, valueStart <= firstSegment.upperBound {
                column = valueStart - firstSegment.lowerBound + 1
            }
            return ContentLine(
                group: group,
                name: name,
                parameterBytes: bytes[(base + parameters.lowerBound)..<(base + parameters.upperBound)],
                value: bytes[valueStart..<bytes.endIndex],
                line: line,
                valueColumn: column,
                transferEncoding: encoding
            )
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default: return false
        }
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
