import KithFormats

/// Where something is in a config file: 1-based line and column (columns count Unicode scalars).
package struct SourcePosition: Sendable, Hashable {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A value of the supported TOML subset, with where it was written.
package indirect enum TOMLValue: Sendable {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case array([TOMLValue], SourcePosition)
    case table(TOMLTable)

    /// The name of its type, as errors say it.
    package var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .bool: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A TOML table: keys in the order written, each with the position of its key.
package struct TOMLTable: Sendable {
    package private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]
    /// Where the table was opened (its header, or its first key).
    package var position: SourcePosition

    package struct Entry: Sendable {
        package var value: TOMLValue
        package var position: SourcePosition
    }

    package init(position: SourcePosition) { self.position = position }

    package subscript(key: String) -> Entry? { entries[key] }

    package mutating func set(_ key: String, _ entry: Entry) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = entry
    }

    package var isEmpty: Bool { keys.isEmpty }
}

/// A syntax error of a config file.
package struct TOMLError: Error, Sendable, Hashable {
    package var position: SourcePosition
    package var message: String

    package init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// As a compiler would print it: `path:line:column: error: message`.
    package func diagnostic(path: String) -> Diagnostic {
        Diagnostic(.error, .configSyntax, message, path: path, line: position.line, column: position.column)
    }
}

extension Diagnostic.Code {
    package static let configSyntax = Diagnostic.Code(rawValue: "config-syntax")
    package static let configUnknownKey = Diagnostic.Code(rawValue: "config-unknown-key")
    package static let configType = Diagnostic.Code(rawValue: "config-type")
    package static let configValue = Diagnostic.Code(rawValue: "config-value")
    package static let configMissing = Diagnostic.Code(rawValue: "config-missing")
    package static let configContradiction = Diagnostic.Code(rawValue: "config-contradiction")
    package static let configInsecure = Diagnostic.Code(rawValue: "config-insecure")
}
