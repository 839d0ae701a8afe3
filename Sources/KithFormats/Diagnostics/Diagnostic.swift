/// A problem found in an input file, pointing at the physical line and column where it starts.
///
/// Diagnostics print like a compiler's: `inbox/a.ics:12:5: warning: unknown TZID "Foo" [unknown-tzid]`.
/// Lines and columns are 1-based and count physical lines of the file as stored, before unfolding.
package struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable {
        case warning
        case error
    }

    /// A stable identifier of the kind of problem, for tests and for filtering.
    package struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        // Bytes and text.
        package static let byteOrderMark = Code(rawValue: "byte-order-mark")
        package static let utf16 = Code(rawValue: "utf16-converted")
        package static let invalidUTF8 = Code(rawValue: "invalid-utf8")
        package static let unknownCharset = Code(rawValue: "unknown-charset")
        package static let fileTooLarge = Code(rawValue: "file-too-large")
        package static let lineTooLong = Code(rawValue: "line-too-long")
        package static let emptyFile = Code(rawValue: "empty-file")
        package static let unreadableFile = Code(rawValue: "unreadable-file")
        package static let unknownFormat = Code(rawValue: "unknown-format")
        // Content lines.
        package static let missingColon = Code(rawValue: "missing-colon")
        package static let badPropertyName = Code(rawValue: "bad-property-name")
        package static let badParameter = Code(rawValue: "bad-parameter")
        package static let continuationWithoutLine = Code(rawValue: "orphan-continuation")
        package static let badQuotedPrintable = Code(rawValue: "bad-quoted-printable")
        package static let badBase64 = Code(rawValue: "bad-base64")
        // Structure.
        package static let unbalancedEnd = Code(rawValue: "unbalanced-end")
        package static let missingEnd = Code(rawValue: "missing-end")
        package static let bareComponent = Code(rawValue: "bare-component")
        package static let propertyOutsideComponent = Code(rawValue: "property-outside-component")
        package static let tooManyComponents = Code(rawValue: "too-many-components")
        package static let nestingTooDeep = Code(rawValue: "nesting-too-deep")
        // Values.
        package static let badDateTime = Code(rawValue: "bad-date-time")
        package static let badDuration = Code(rawValue: "bad-duration")
        package static let badPeriod = Code(rawValue: "bad-period")
        package static let badUTCOffset = Code(rawValue: "bad-utc-offset")
        package static let missingDTSTART = Code(rawValue: "missing-dtstart")
        package static let duplicateProperty = Code(rawValue: "duplicate-property")
        package static let endBeforeStart = Code(rawValue: "end-before-start")
        package static let mixedValueTypes = Code(rawValue: "mixed-value-types")
        package static let missingUID = Code(rawValue: "missing-uid")
        // Time zones.
        package static let unknownTZID = Code(rawValue: "unknown-tzid")
        package static let windowsZone = Code(rawValue: "windows-zone")
        package static let floatingByCalendarZone = Code(rawValue: "floating-by-calendar-zone")
        package static let badTimeZone = Code(rawValue: "bad-vtimezone")
        package static let decoratedTZID = Code(rawValue: "decorated-tzid")
        package static let zoneContradiction = Code(rawValue: "vtimezone-contradicts-name")
        // Recurrence.
        package static let badRecurrenceRule = Code(rawValue: "bad-rrule")
        package static let recurrenceLimit = Code(rawValue: "recurrence-limit")
        package static let recurrenceRuleRepaired = Code(rawValue: "rrule-repaired")
        package static let instanceKindMismatch = Code(rawValue: "instance-kind-mismatch")
        package static let overrideExcluded = Code(rawValue: "override-excluded")
        package static let staleCopy = Code(rawValue: "stale-copy")
        // vCard.
        package static let missingVersion = Code(rawValue: "missing-version")
        package static let badDate = Code(rawValue: "bad-date")
        package static let unknownVersion = Code(rawValue: "unknown-version")
    }

    package var severity: Severity
    package var code: Code
    package var message: String
    package var path: String
    package var line: Int
    package var column: Int

    package init(_ severity: Severity, _ code: Code, _ message: String, path: String, line: Int, column: Int = 1) {
        self.severity = severity
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.column = column
    }

    package var description: String {
        "\(path):\(line):\(column): \(severity.rawValue): \(message) [\(code)]"
    }
}

/// Collects diagnostics for one file; parsers append to it and go on.
package struct DiagnosticLog: Sendable {
    package let path: String
    package private(set) var entries: [Diagnostic] = []

    package init(path: String) { self.path = path }

    package mutating func warning(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int = 1) {
        entries.append(Diagnostic(.warning, code, message, path: path, line: line, column: column))
    }

    package mutating func error(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int = 1) {
        entries.append(Diagnostic(.error, code, message, path: path, line: line, column: column))
    }

    package mutating func append(contentsOf other: [Diagnostic]) { entries.append(contentsOf: other) }

    package var warningCount: Int { entries.count { $0.severity == .warning } }
    package var errorCount: Int { entries.count { $0.severity == .error } }
}
