/// A `BEGIN:NAME` … `END:NAME` block with its properties and nested blocks.
package struct Component: Sendable {
    /// Upper-cased component name (`VEVENT`, `VCARD`, …).
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

/// Builds components from content lines, recovering from unbalanced BEGIN/END.
///
/// Each component is handed to `finished` when its END is read (or when it is closed by force); the
/// closure returns whether to keep it as a child of its parent. Keeping only what is needed bounds memory
/// for large calendars: events are turned into values and dropped as they end.
package enum ComponentReader {
    /// Reads every component of the input. Returns the top-level components that `finished` kept.
    ///
    /// - Parameter finished: receives the finished component and the names of its open ancestors,
    ///   innermost last; returns true to keep it in its parent.
    package static func read(
        _ reader: inout ContentLineReader,
        log: inout DiagnosticLog,
        finished: (inout Component, [String], inout DiagnosticLog) -> Bool
    ) -> [Component] {
        var roots: [Component] = []
        var stack: [Component] = []
        var componentCount = 0
        var limitReported = false

        func close(_ log: inout DiagnosticLog) {
            var component = stack.removeLast()
            let ancestors = stack.map(\.name)
            if finished(&component, ancestors, &log) {
                if stack.isEmpty {
                    roots.append(component)
                } else {
                    stack[stack.count - 1].children.append(component)
                }
            }
        }

        while let line = reader.next(log: &log) {
            switch line.kind {
            case .begin:
                let name = String(decoding: trimmedUpper(line.value), as: UTF8.self)
                guard !name.isEmpty else {
                    log.error(.badPropertyName, "BEGIN without a component name; ignored", line: line.line)
                    continue
                }
                componentCount += 1
                if componentCount > Limits.maxComponents {
                    if !limitReported {
                        log.error(
                            .tooManyComponents,
                            "more than \(Limits.maxComponents) components; the rest of the file is ignored",
                            line: line.line
                        )
                        limitReported = true
                    }
                    return roots
                }
                if stack.count >= Limits.maxNesting {
                    log.error(
                        .nestingTooDeep,
                        "components nested deeper than \(Limits.maxNesting); the rest of the file is ignored",
                        line: line.line
                    )
                    while !stack.isEmpty { close(&log) }
                    return roots
                }
                stack.append(Component(name: name, line: line.line))
            case .end:
                let name = String(decoding: trimmedUpper(line.value), as: UTF8.self)
                guard let depth = stack.lastIndex(where: { $0.name == name }) else {
                    log.error(.unbalancedEnd, "END:\(name) without a matching BEGIN; ignored", line: line.line)
                    continue
                }
                while stack.count > depth + 1 {
                    let open = stack[stack.count - 1]
                    log.warning(
                        .missingEnd,
                        "\(open.name) begun on line \(open.line) is not ended before END:\(name); closed here",
                        line: line.line
                    )
                    close(&log)
                }
                close(&log)
            default:
                guard !stack.isEmpty else {
                    log.warning(
                        .propertyOutsideComponent,
                        "\(line.name) stands outside any component; ignored",
                        line: line.line
                    )
                    continue
                }
                stack[stack.count - 1].properties.append(line)
            }
        }
        while let open = stack.last {
            log.warning(
                .missingEnd,
                "\(open.name) begun on line \(open.line) is not ended at the end of the file; closed there",
                line: reader.currentLine
            )
            close(&log)
        }
        return roots
    }

    private static func trimmedUpper(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result = bytes.map(ASCII.upper)
        while let last = result.last, ASCII.isSpace(last) { result.removeLast() }
        while let first = result.first, ASCII.isSpace(first) { result.removeFirst() }
        return result
    }
}
