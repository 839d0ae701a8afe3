import Foundation

/// Reads content lines (RFC 5545 §3.1, RFC 6350 §3.2) from unfolded bytes, one logical line at a time.
///
/// `SourceText` has already turned CRLF and lone CR into LF, unfolded, and joined quoted-printable soft line
/// breaks, so a logical line is a run of bytes up to a line feed and reading it allocates nothing. Here:
/// vCard 2.1 base64 blocks continued without indentation; lines that are not UTF-8, decoded by their
/// `CHARSET` parameter or else as Windows-1252; the limit on line length. A line that cannot be read is
/// reported and skipped; reading goes on with the next one. Diagnostics name physical lines.
package struct ContentLineReader {
    private let source: [UInt8]
    private let isUTF8: Bool
    private let removedBreaks: [Int]
    private var position = 0
    /// Physical line number (1-based) of the byte at `position`.
    private var physicalLine = 1
    /// Index into `removedBreaks` of the first break at or after `position`.
    private var breakCursor = 0

    package init(_ text: SourceText) {
        self.source = text.bytes
        self.isUTF8 = text.isUTF8
        self.removedBreaks = text.removedBreaks
    }

    /// The physical line the reader has reached; after the last line, one past it.
    package var currentLine: Int { physicalLine }

    /// The next content line, or nil at the end of the input.
    package mutating func next(log: inout DiagnosticLog) -> ContentLine? {
        while position < source.count {
            let start = position
            let startLine = physicalLine
            let end = lineEnd(from: start)
            advance(past: end)
            if end == start { continue }  // blank line
            if ASCII.isSpace(source[start]) {
                if !source[start..<end].allSatisfy(ASCII.isSpace) {
                    log.warning(
                        .continuationWithoutLine,
                        "indented line continues no property; skipped",
                        line: startLine
                    )
                }
                continue
            }
            if end - start > Limits.maxLineBytes {
                log.error(
                    .lineTooLong,
                    "line is \(end - start) bytes long, more than the limit of \(Limits.maxLineBytes); skipped",
                    line: startLine
                )
                continue
            }
            guard var line = parse(source[start..<end], origin: start, line: startLine, log: &log) else { continue }
            if line.transferEncoding == .base64 {
                let joined = joinUnindentedBase64(source[start..<end])
                if joined.count != end - start, let reparsed = parse(joined, origin: start, line: startLine, log: &log)
                {
                    line = reparsed
                }
            }
            if !isUTF8 { repairEncoding(&line, log: &log) }
            return line
        }
        return nil
    }

    // MARK: - Logical lines

    /// The offset of the line feed that ends the line starting at `start` (or the end of the input).
    private func lineEnd(from start: Int) -> Int {
        source.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return start }
            let remaining = buffer.count - start
            guard remaining > 0, let found = memchr(base + start, 0x0A, remaining) else { return buffer.count }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    /// Moves past the line ending at `end`, counting the physical lines that unfolding joined into it.
    private mutating func advance(past end: Int) {
        while breakCursor < removedBreaks.count, removedBreaks[breakCursor] <= end {
            breakCursor += 1
            physicalLine += 1
        }
        position = end + 1
        physicalLine += 1
    }

    /// Column (1-based, in bytes) on its physical line of the byte at `offset` of the line that starts at `start`.
    private func column(of offset: Int, lineStart start: Int) -> Int {
        var lastBreak = -1
        var cursor = breakCursor - 1
        while cursor >= 0, removedBreaks[cursor] > start {
            if removedBreaks[cursor] <= offset {
                lastBreak = removedBreaks[cursor]
                break
            }
            cursor -= 1
        }
        // A folded continuation lost its leading blank, which stood in column 1.
        return lastBreak < 0 ? offset - start + 1 : offset - lastBreak + 2
    }

    /// vCard 2.1 base64: the data may go on over unindented lines until a blank line.
    private mutating func joinUnindentedBase64(_ logical: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes: [UInt8]? = nil
        while position < source.count {
            let end = lineEnd(from: position)
            let candidate = source[position..<end]
            guard !candidate.isEmpty, candidate.allSatisfy(Self.isBase64Byte) else { break }
            if bytes == nil { bytes = Array(logical) }
            bytes!.append(contentsOf: candidate)
            advance(past: end)
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

    /// - Parameter origin: offset in `source` of the line's first byte (also for a joined copy of it).
    private func parse(_ bytes: ArraySlice<UInt8>, origin: Int, line: Int, log: inout DiagnosticLog) -> ContentLine? {
        // Scan on the bytes in place (no slices, so no reference counting), then cut the two slices kept.
        enum Outcome {
            case line(
                name: String,
                kind: PropertyKind,
                group: String?,
                parameters: Range<Int>,
                colon: Int,
                encoding: TransferEncoding
            )
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
            let (name, kind) = PropertyNames.name(UnsafeBufferPointer(rebasing: buffer[bareStart..<nameEnd]))
            guard buffer[index] == UInt8(ascii: ";") else {
                return .line(
                    name: name,
                    kind: kind,
                    group: group,
                    parameters: index..<index,
                    colon: index,
                    encoding: .none
                )
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
            return .line(
                name: name,
                kind: kind,
                group: group,
                parameters: index..<colon,
                colon: colon,
                encoding: encoding
            )
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
        case .line(let name, let kind, let group, let parameters, let colon, let encoding):
            if malformedParameters > 0 {
                log.warning(.badParameter, "malformed parameter of \(name) ignored", line: line)
            }
            let base = bytes.startIndex
            let valueStart = base + colon + 1
            let column = self.column(of: origin + colon + 1, lineStart: origin)
            return ContentLine(
                group: group,
                name: name,
                parameterBytes: bytes[(base + parameters.lowerBound)..<(base + parameters.upperBound)],
                value: bytes[valueStart..<bytes.endIndex],
                line: line,
                valueColumn: column,
                transferEncoding: encoding,
                kind: kind
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
