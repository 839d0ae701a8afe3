import Foundation

/// Where the parts of one content line lie in the reader's bytes: offsets only, so copying one costs nothing
/// and reading a line allocates nothing. `ContentLineReader` turns a span into a `ContentLine` when a caller
/// wants the parts as values.
package struct LineSpan: Sendable {
    package var kind: PropertyKind
    package var transferEncoding: TransferEncoding
    /// The group (`item1` of `item1.EMAIL`) runs from here to the dot before `nameStart`; none when equal.
    package var groupStart: Int
    package var nameStart: Int
    package var nameEnd: Int
    /// The parameter section, from its first `;` up to (not including) the value's `:`; empty when none.
    package var parameters: Range<Int>
    /// The value (still escaped and encoded). At or past the end of the file's bytes when the reader had to
    /// re-encode or join it (see `ContentLineReader.extra`).
    package var value: Range<Int>
    /// Physical line (1-based) where the content line starts.
    package var line: Int
    /// Column (1-based) of the value's first byte on its physical line.
    package var valueColumn: Int

    package var hasGroup: Bool { groupStart < nameStart }
}

/// Reads content lines (RFC 5545 §3.1, RFC 6350 §3.2) from unfolded bytes, one logical line at a time.
///
/// `SourceText` has already turned CRLF and lone CR into LF, unfolded, and joined quoted-printable soft line
/// breaks, so a logical line is a run of bytes up to a line feed. Here: the name, the parameters and the
/// value are found in one pass; vCard 2.1 base64 blocks continued without indentation; lines that are not
/// UTF-8, decoded by their `CHARSET` parameter or else as Windows-1252; the limit on line length. A line that
/// cannot be read is reported and skipped; reading goes on with the next one. Diagnostics name physical lines.
package struct ContentLineReader {
    /// The unfolded file.
    private let source: [UInt8]
    /// Values that could not stay where they stand in `source` (re-encoded, or base64 joined over lines).
    /// A span's value range counts past `source.count` into these bytes.
    private var extra: [UInt8] = []
    private let isUTF8: Bool
    private let removedBreaks: [UInt32]
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

    /// Every byte a span may point at: the file's, then the re-encoded values (shared, not copied). Events
    /// and cards keep ranges into these bytes.
    package func storage() -> TextStorage { TextStorage(source, extra: extra) }

    /// How many bytes of decoded values are kept past the file's (it grows as the reader decodes).
    package var extraCount: Int { extra.count }

    /// Keeps `bytes` (a value decoded by the caller) with the file's; returns where they stand.
    package mutating func store(_ bytes: some Collection<UInt8>) -> Range<Int> { appendExtra(Array(bytes)) }

    /// The next content line, or nil at the end of the input.
    package mutating func next(log: inout DiagnosticLog) -> ContentLine? {
        nextSpan(log: &log).map(contentLine)
    }

    /// The next content line as a span, or nil at the end of the input.
    package mutating func nextSpan(log: inout DiagnosticLog) -> LineSpan? {
        var span = LineSpan(
            kind: .other,
            transferEncoding: .none,
            groupStart: 0,
            nameStart: 0,
            nameEnd: 0,
            parameters: 0..<0,
            value: 0..<0,
            line: 0,
            valueColumn: 0
        )
        while position < source.count {
            let start = position
            let startLine = physicalLine
            let (outcome, end) = source.withUnsafeBufferPointer { Self.scan($0, from: start, into: &span) }
            let firstBreak = breakCursor
            advance(past: end)
            switch outcome {
            case .line, .lineWithMalformedParameters:
                if end - start > Limits.maxLineBytes { break }
                span.line = startLine
                span.valueColumn = column(of: span.value.lowerBound, lineStart: start, firstBreak: firstBreak)
                if outcome == .lineWithMalformedParameters {
                    log.warning(.badParameter, "malformed parameter of \(name(of: span)) ignored", line: startLine)
                }
                if span.transferEncoding == .base64 { joinUnindentedBase64(&span) }
                if !isUTF8 { repairEncoding(&span, log: &log) }
                return span
            case .blank:
                continue
            case .indentedBlanks:
                continue
            case .indentedText:
                log.warning(.continuationWithoutLine, "indented line continues no property; skipped", line: startLine)
                continue
            default:
                break
            }
            if end - start > Limits.maxLineBytes {
                log.error(
                    .lineTooLong,
                    "line is \(end - start) bytes long, more than the limit of \(Limits.maxLineBytes); skipped",
                    line: startLine
                )
                continue
            }
            switch outcome {
            case .missingColon:
                let preview = String(decoding: source[start..<min(end, start + 40)], as: UTF8.self)
                log.error(
                    .missingColon,
                    "line has no ':' between name and value (\"\(preview)\"); skipped",
                    line: startLine
                )
            case .badName:
                let name = String(decoding: source[span.nameStart..<span.nameEnd], as: UTF8.self)
                log.error(.badPropertyName, "\"\(name)\" is not a property name; line skipped", line: startLine)
            default:
                log.error(.missingColon, "\(name(of: span)) has no ':' before its value; skipped", line: startLine)
            }
        }
        return nil
    }

    // MARK: - Reading a span's parts

    /// Calls `body` with the bytes of `range`, from the file or from the re-encoded values.
    @inline(__always)
    package func withBytes<Result>(
        _ range: Range<Int>,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result {
        try slice(range).withUnsafeBufferPointer(body)
    }

    /// The bytes of `range` as a slice (which keeps the file's bytes alive).
    package func slice(_ range: Range<Int>) -> ArraySlice<UInt8> {
        TextStorage.slice(range, bytes: source, extra: extra)
    }

    /// The value as TEXT, unescaped (RFC 5545 §3.3.11, RFC 6350 §3.4).
    package func text(_ span: LineSpan) -> String { withBytes(span.value) { ValueText.unescape($0) } }

    /// The value as written, not unescaped.
    package func rawText(_ span: LineSpan) -> String { withBytes(span.value) { String(decoding: $0, as: UTF8.self) } }

    /// The upper-cased property name of a span.
    package func name(of span: LineSpan) -> String {
        if span.kind != .other { return span.kind.name }
        return withBytes(span.nameStart..<span.nameEnd) { ASCII.uppercased($0) }
    }

    /// The span as a `ContentLine` value.
    package func contentLine(_ span: LineSpan) -> ContentLine {
        ContentLine(
            group: span.hasGroup
                ? String(decoding: source[span.groupStart..<(span.nameStart - 1)], as: UTF8.self) : nil,
            name: name(of: span),
            parameterBytes: source[span.parameters],
            value: slice(span.value),
            line: span.line,
            valueColumn: span.valueColumn,
            transferEncoding: span.transferEncoding,
            kind: span.kind
        )
    }

    /// The first value of the named parameter of `span` (name compared case-insensitively; pass it upper-cased).
    package func parameter(_ name: String, of span: LineSpan) -> String? {
        if span.parameters.isEmpty { return nil }
        return withBytes(span.parameters) { ParameterSyntax.first(name, in: $0) }
    }

    /// Whether the named parameter of `span` has `value` among its values, compared case-insensitively.
    package func hasParameter(_ name: String, value: String, in span: LineSpan) -> Bool {
        if span.parameters.isEmpty { return false }
        return withBytes(span.parameters) { ParameterSyntax.has(name, value: value, in: $0) }
    }

    // MARK: - Logical lines

    /// What `scan` found at the start of a line.
    private enum Outcome {
        case line, lineWithMalformedParameters, blank, indentedBlanks, indentedText, missingColon
        /// The name (`span.nameStart..<span.nameEnd`) is not one.
        case badName
        /// Parameters, and no `:` after them (the span has the name).
        case noColonAfterParameters
    }

    /// Finds the line that starts at `start` and its parts, in one pass over its bytes, into `span`.
    private static func scan(
        _ buffer: UnsafeBufferPointer<UInt8>,
        from start: Int,
        into span: inout LineSpan
    ) -> (outcome: Outcome, end: Int) {
        let base = buffer.baseAddress!
        var end = buffer.count
        if let found = memchr(base + start, 0x0A, buffer.count - start) {
            end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        if end == start { return (.blank, end) }
        if ASCII.isSpace(buffer[start]) {
            var index = start
            while index < end, ASCII.isSpace(buffer[index]) { index += 1 }
            return (index == end ? .indentedBlanks : .indentedText, end)
        }
        var index = start
        var dot = -1
        var valid = true
        while index < end {
            let byte = buffer[index]
            if byte == UInt8(ascii: ":") || byte == UInt8(ascii: ";") { break }
            if !isNameByte(byte) { valid = false }
            if byte == UInt8(ascii: ".") { dot = index }
            index += 1
        }
        if index == end { return (.missingColon, end) }
        var nameEnd = index
        while nameEnd > start, ASCII.isSpace(buffer[nameEnd - 1]) { nameEnd -= 1 }
        span.nameStart = start
        span.nameEnd = nameEnd
        if !valid {
            // Blanks between the name and its `;` or `:` are tolerated; anything else is not.
            valid = nameEnd > start
            for position in start..<nameEnd where !isNameByte(buffer[position]) { valid = false }
            guard valid else { return (.badName, end) }
        }
        if nameEnd == start { return (.badName, end) }
        let nameStart = dot >= 0 ? dot + 1 : start
        span.kind = PropertyNames.kind(UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart))
        span.transferEncoding = .none
        span.groupStart = start
        span.nameStart = nameStart
        span.parameters = index..<index
        span.value = (index + 1)..<end
        if buffer[index] == UInt8(ascii: ":") { return (.line, end) }
        let section = UnsafeBufferPointer(rebasing: buffer[index..<end])
        let parameters = ParameterSyntax.scan(section)
        guard let colon = parameters.colon else { return (.noColonAfterParameters, end) }
        span.parameters = index..<(index + colon)
        span.value = (index + colon + 1)..<end
        span.transferEncoding = parameters.encoding
        return (parameters.malformed ? .lineWithMalformedParameters : .line, end)
    }

    /// Moves past the line ending at `end`, counting the physical lines that unfolding joined into it.
    private mutating func advance(past end: Int) {
        while breakCursor < removedBreaks.count, Int(removedBreaks[breakCursor]) <= end {
            breakCursor += 1
            physicalLine += 1
        }
        position = end + 1
        physicalLine += 1
    }

    /// Column (1-based, in bytes) on its physical line of the byte at `offset` of the line that starts at
    /// `start`, whose first removed break (if any) is `removedBreaks[firstBreak]`.
    private func column(of offset: Int, lineStart start: Int, firstBreak: Int) -> Int {
        var lastBreak = -1
        var cursor = firstBreak
        while cursor < removedBreaks.count, Int(removedBreaks[cursor]) <= offset {
            lastBreak = Int(removedBreaks[cursor])
            cursor += 1
        }
        // A folded continuation lost its leading blank, which stood in column 1.
        return lastBreak < 0 ? offset - start + 1 : offset - lastBreak + 2
    }

    /// vCard 2.1 base64: the data may go on over unindented lines until a blank line.
    private mutating func joinUnindentedBase64(_ span: inout LineSpan) {
        var joined: [UInt8]? = nil
        while position < source.count {
            var end = source.count
            var allBase64 = true
            var index = position
            while index < source.count {
                let byte = source[index]
                if byte == 0x0A {
                    end = index
                    break
                }
                if !Self.isBase64Byte(byte) { allBase64 = false }
                index += 1
            }
            guard end > position, allBase64 else { break }
            if joined == nil { joined = Array(source[span.value]) }
            joined!.append(contentsOf: source[position..<end])
            advance(past: end)
        }
        if let joined { span.value = appendExtra(joined) }
    }

    /// Stores `bytes` past the file's bytes; returns where they stand.
    private mutating func appendExtra(_ bytes: [UInt8]) -> Range<Int> {
        let start = source.count + extra.count
        extra.append(contentsOf: bytes)
        return start..<(start + bytes.count)
    }

    private static func isBase64Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            return true
        default: return false
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

    /// Re-encodes a value that is not UTF-8: by its CHARSET parameter, else as UTF-8 with each bad byte read
    /// as Windows-1252 (`TextEncoding.repairUTF8`): the encoding is decided per value, never for the file.
    private mutating func repairEncoding(_ span: inout LineSpan, log: inout DiagnosticLog) {
        let value = slice(span.value)
        guard !TextEncoding.isValidUTF8(value) else { return }
        if let charset = parameter("CHARSET", of: span) {
            if let converted = TextEncoding.transcode(value, charset: charset) {
                span.value = appendExtra(converted)
                return
            }
            log.warning(
                .unknownCharset,
                "\(name(of: span)) is not valid \(charset); bytes that are not UTF-8 read as Windows-1252",
                line: span.line,
                column: span.valueColumn
            )
        } else {
            log.warning(
                .invalidUTF8,
                "\(name(of: span)) is not valid UTF-8; bytes that are not UTF-8 read as Windows-1252",
                line: span.line,
                column: span.valueColumn
            )
        }
        var output: [UInt8] = []
        TextEncoding.repairUTF8(value, into: &output)
        span.value = appendExtra(output)
    }
}
