import KithFormats

extension TOMLTable {
    /// The document in the tagged JSON form of the TOML test suites (toml-test): every scalar as
    /// `{"type": …, "value": "<text>"}`, tables as objects, arrays as arrays.
    package var taggedJSON: String { Self.tagged(.table(self)).serialized }

    private static func tagged(_ value: TOMLValue) -> JSONValue {
        switch value {
        case .string(let text): return .object([("type", .string("string")), ("value", .string(text))])
        case .integer(let number): return .object([("type", .string("integer")), ("value", .string(String(number)))])
        case .bool(let flag): return .object([("type", .string("bool")), ("value", .string(flag ? "true" : "false"))])
        case .array(let values, _): return .array(values.map(tagged))
        case .table(let table): return .object(table.keys.map { ($0, tagged(table[$0]!.value)) })
        }
    }
}
