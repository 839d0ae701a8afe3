import GRDB

extension StateStore {
    /// Instants the state may hold: 1900-01-01 to 9999-12-31 (UTC). Anything else was not written by Kith.
    package static let instantRange = -2_208_988_800...253_402_300_799
}

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

    /// The column as an instant in `StateStore.instantRange`, or nil.
    func instant(_ column: String) -> Int? {
        integer(column).flatMap { StateStore.instantRange.contains($0) ? $0 : nil }
    }
}
