import GRDB

/// Reading a column without trusting it: SQLite lets any value into any column, and GRDB's plain subscripts
/// stop the process on a value they cannot convert. A state edited by hand, or imported by an older Kith,
/// costs only its bad rows.
extension Row {
    /// The column as text, or nil when it is NULL or not text.
    func text(_ column: String) -> String? {
        let value: DatabaseValue = self[column]
        guard case .string(let text) = value.storage else { return nil }
        return text
    }

    /// The column as an integer, or nil when it is NULL or not an integer.
    func integer(_ column: String) -> Int? {
        let value: DatabaseValue = self[column]
        guard case .int64(let number) = value.storage else { return nil }
        return Int(exactly: number)
    }

    /// The column as an instant in `StateExport.instants` (years 0000–9999, what an import accepts), or nil.
    func instant(_ column: String) -> Int? {
        integer(column).flatMap { StateExport.instants.contains($0) ? $0 : nil }
    }
}
