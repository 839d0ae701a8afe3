/// A `BEGIN:NAME` … `END:NAME` block with its properties and nested blocks, for the few components read as a
/// whole (VTIMEZONE and its observances). Events and cards are read line by line instead (`ComponentWalker`).
package struct Component: Sendable {
    /// Upper-cased component name (`VTIMEZONE`, `STANDARD`, …).
    package var name: String
    package var properties: [ContentLine] = []
    package var children: [Component] = []
    /// Physical line of its BEGIN.
    package var line: Int

    package init(name: String, line: Int) {
        self.name = name
        self.line = line
    }

    /// The first property with this (upper-cased) name.
    package func first(_ name: String) -> ContentLine? {
        properties.first { $0.name == name }
    }

    /// Every property with this (upper-cased) name.
    package func all(_ name: String) -> [ContentLine] {
        properties.filter { $0.name == name }
    }
}

/// One step through a file's components, as `ComponentWalker` reads them.
package enum ComponentStep {
    /// A component begins; it is now the last of `ComponentWalker.open`.
    case begin(name: String, line: Int)
    /// A property of the innermost open component.
    case property(LineSpan)
    /// A component ends, by its END or closed by force (reported); it is no longer in `ComponentWalker.open`,
    /// whose names are now its ancestors.
    case end(name: String, line: Int)
}

/// Walks the BEGIN/END structure of a file line by line, recovering from unbalanced BEGIN/END, so that
/// readers build their values as they go and keep no tree of lines.
///
/// An END that names an open ancestor closes the components inside it first (each reported); an END that
/// names none is reported and ignored; what is open at the end of the file is closed there (reported).
/// Properties outside any component are reported and skipped. The limits on component count and nesting
/// end the walk, reported.
package struct ComponentWalker {
    /// The open components, outermost first: name (upper-cased) and physical line of the BEGIN.
    package private(set) var open: [(name: String, line: Int)] = []
    /// While an END or the end of the file closes several components: how many stay open.
    private var closingDownTo: Int? = nil
    private var closingLine = 0
    private var closingName = ""
    private var atEndOfFile = false
    /// Closing after the nesting limit: the error said it all.
    private var closingQuietly = false
    private var componentCount = 0
    private var stopped = false

    package init() {}

    package mutating func next(_ reader: inout ContentLineReader, log: inout DiagnosticLog) -> ComponentStep? {
        if let target = closingDownTo {
            if open.count > target { return close(log: &log) }
            closingDownTo = nil
        }
        if stopped { return nil }
        while let span = reader.nextSpan(log: &log) {
            switch span.kind {
            case .begin:
                let name = componentName(span, reader: reader)
                guard !name.isEmpty else {
                    log.error(.badPropertyName, "BEGIN without a component name; ignored", line: span.line)
                    continue
                }
                componentCount += 1
                if componentCount > Limits.maxComponents {
                    log.error(
                        .tooManyComponents,
                        "more than \(Limits.maxComponents) components; the rest of the file is ignored",
                        line: span.line
                    )
                    stopped = true
                    return nil
                }
                if open.count >= Limits.maxNesting {
                    log.error(
                        .nestingTooDeep,
                        "components nested deeper than \(Limits.maxNesting); the rest of the file is ignored",
                        line: span.line
                    )
                    stopped = true
                    atEndOfFile = true
                    closingQuietly = true
                    closingDownTo = 0
                    return open.isEmpty ? nil : close(log: &log)
                }
                open.append((name, span.line))
                return .begin(name: name, line: span.line)
            case .end:
                let name = componentName(span, reader: reader)
                guard let depth = open.lastIndex(where: { $0.name == name }) else {
                    log.error(.unbalancedEnd, "END:\(name) without a matching BEGIN; ignored", line: span.line)
                    continue
                }
                closingDownTo = depth
                closingLine = span.line
                closingName = name
                return close(log: &log)
            default:
                guard !open.isEmpty else {
                    log.warning(
                        .propertyOutsideComponent,
                        "\(reader.name(of: span)) stands outside any component; ignored",
                        line: span.line
                    )
                    continue
                }
                return .property(span)
            }
        }
        if open.isEmpty { return nil }
        atEndOfFile = true
        closingDownTo = 0
        closingLine = reader.currentLine
        stopped = true
        return close(log: &log)
    }

    /// Closes the innermost open component; reported unless it is the one its END names.
    private mutating func close(log: inout DiagnosticLog) -> ComponentStep {
        let component = open.removeLast()
        if atEndOfFile {
            if !closingQuietly {
                log.warning(
                    .missingEnd,
                    "\(component.name) begun on line \(component.line) is not ended at the end of the file; closed there",
                    line: closingLine
                )
            }
        } else if open.count > closingDownTo! {
            log.warning(
                .missingEnd,
                "\(component.name) begun on line \(component.line) is not ended before END:\(closingName); closed here",
                line: closingLine
            )
        }
        if open.count <= closingDownTo!, !atEndOfFile { closingDownTo = nil }
        return .end(name: component.name, line: component.line)
    }

    /// The upper-cased, trimmed value of a BEGIN or END line.
    private func componentName(_ span: LineSpan, reader: ContentLineReader) -> String {
        reader.withBytes(span.value) { value in
            let name = ParameterSyntax.trimmed(value)
            // Names are nearly always written upper-case already, and short enough to need no allocation.
            if !name.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
                return String(decoding: name, as: UTF8.self)
            }
            return ASCII.uppercased(name)
        }
    }
}
