import KithFormats

extension SettingsReader {
    /// Collects diagnostics while reading; typed accessors report wrong types and values at the key.
    struct Context {
        let path: String
        var diagnostics: [Diagnostic] = []
        /// Every known key met, by its dotted name: what `Settings.positions` holds.
        var positions: [String: SourcePosition] = [:]

        var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

        /// A table whose keys have been checked against the known ones.
        struct Table {
            let table: TOMLTable
            subscript(key: String) -> TOMLTable.Entry? { table[key] }
        }

        mutating func open(_ table: TOMLTable, name: String, known: [String]) -> Table {
            for key in table.keys {
                let entry = table[key]!
                let full = name.isEmpty ? key : "\(name).\(key)"
                if known.contains(key) {
                    positions[full] = entry.position
                } else {
                    error(.configUnknownKey, "unknown setting \(full)\(suggestion(key, known))", entry)
                }
            }
            return Table(table: table)
        }

        mutating func error(_ code: Diagnostic.Code, _ message: String, _ entry: TOMLTable.Entry) {
            diagnostics.append(
                Diagnostic(.error, code, message, path: path, line: entry.position.line, column: entry.position.column)
            )
        }

        mutating func warning(_ code: Diagnostic.Code, _ message: String, _ entry: TOMLTable.Entry) {
            diagnostics.append(
                Diagnostic(
                    .warning,
                    code,
                    message,
                    path: path,
                    line: entry.position.line,
                    column: entry.position.column
                )
            )
        }

        mutating func missing(_ key: String, _ what: String, at position: SourcePosition) {
            diagnostics.append(
                Diagnostic(
                    .error,
                    .configMissing,
                    "\(key) is required: \(what)",
                    path: path,
                    line: position.line,
                    column: position.column
                )
            )
        }

        /// "; did you mean …?" when a known name is close (edit distance at most 2, or a shared prefix).
        func suggestion(_ key: String, _ known: [String]) -> String {
            let scored = known.map { ($0, Self.distance(key.lowercased(), $0)) }.sorted { $0.1 < $1.1 }
            guard let best = scored.first, best.1 <= max(2, key.count / 3) else { return "" }
            return "; did you mean \(best.0)?"
        }

        static func distance(_ a: String, _ b: String) -> Int {
            let left = Array(a.utf8)
            let right = Array(b.utf8)
            var previous = Array(0...right.count)
            for (i, x) in left.enumerated() {
                var row = [i + 1]
                for (j, y) in right.enumerated() {
                    row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
                }
                previous = row
            }
            return previous[right.count]
        }

        mutating func typeError(_ entry: TOMLTable.Entry, _ key: String, expected: String) {
            error(.configType, "\(key) must be \(expected), not \(Self.article(entry.value.typeName))", entry)
        }

        static func article(_ name: String) -> String { "aeiou".contains(name.first!) ? "an \(name)" : "a \(name)" }

        mutating func table(_ entry: TOMLTable.Entry, _ key: String) -> TOMLTable? {
            if case .table(let table) = entry.value { return table }
            typeError(entry, key, expected: "a table")
            return nil
        }

        mutating func string(_ entry: TOMLTable.Entry, _ key: String) -> String? {
            if case .string(let text) = entry.value { return text }
            typeError(entry, key, expected: "a string")
            return nil
        }

        mutating func bool(_ entry: TOMLTable.Entry, _ key: String) -> Bool? {
            if case .bool(let flag) = entry.value { return flag }
            typeError(entry, key, expected: "true or false")
            return nil
        }

        mutating func integer(_ entry: TOMLTable.Entry, _ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard case .integer(let number) = entry.value else {
                typeError(entry, key, expected: "an integer")
                return nil
            }
            guard number >= range.lowerBound, number <= range.upperBound else {
                error(
                    .configValue,
                    "\(key) = \(number) is out of range (\(range.lowerBound)…\(range.upperBound))",
                    entry
                )
                return nil
            }
            return Int(number)
        }

        mutating func strings(_ entry: TOMLTable.Entry, _ key: String) -> [String] {
            guard case .array(let values, _) = entry.value else {
                typeError(entry, key, expected: "an array of strings")
                return []
            }
            var result: [String] = []
            for value in values {
                guard case .string(let text) = value else {
                    error(.configType, "\(key) must hold only strings, not \(Self.article(value.typeName))", entry)
                    return []
                }
                result.append(text)
            }
            return result
        }

        mutating func addresses(_ entry: TOMLTable.Entry, _ key: String) -> [String] {
            var result: [String] = []
            for address in strings(entry, key) {
                if Self.isAddress(address) {
                    result.append(address.lowercased())
                } else {
                    error(.configValue, "\(key): \"\(address)\" is not an e-mail address", entry)
                }
            }
            return result
        }

        /// A duration; zero (`"0s"`) only where it means "none" (`catch_up = "0s"`: never catch up).
        mutating func duration(_ entry: TOMLTable.Entry, _ key: String, zeroIsNone: Bool = false) -> ConfigDuration? {
            guard case .string(let text) = entry.value else {
                typeError(entry, key, expected: "a duration string such as \"3w\"")
                return nil
            }
            if let zero = ConfigDuration.parse(text, allowingZero: true), zero.isZero {
                if zeroIsNone { return zero }
                error(.configValue, "\(key) \"\(text)\" must be longer than zero", entry)
                return nil
            }
            guard let duration = ConfigDuration.parse(text) else {
                error(
                    .configValue,
                    "\(key) \"\(text)\" is not a duration (e.g. \"36h\", \"10d\", \"3w\", \"2mo\", \"1y\")",
                    entry
                )
                return nil
            }
            return duration
        }

        /// A plain addr-spec: one `@`, something on each side, no blanks or control characters.
        static func isAddress(_ text: String) -> Bool {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
                !parts[1].hasSuffix(".")
            else { return false }
            return text.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value != 0x7F && !"<>()[],;:\"\\".unicodeScalars.contains($0)
            }
        }
    }
}
