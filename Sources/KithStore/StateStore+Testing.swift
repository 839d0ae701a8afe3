import GRDB

/// Raw SQL on the state, for tests and test tools only (internal: they use `@testable import KithStore`), so
/// that the product changes the state only through its named operations.
extension StateStore {
    /// A raw write: `sql` with arguments, in one transaction.
    func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible & Sendable] = []) throws(StateError) {
        try write { db in try db.execute(sql: sql, arguments: StatementArguments(arguments)) }
    }

    /// Statements that manage their own transaction.
    func executeScript(_ sql: String) throws(StateError) {
        do {
            try poolForExport.writeWithoutTransaction { db in try db.execute(sql: sql) }
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// The integer a query gives (0 when none).
    func count(_ sql: String) throws(StateError) -> Int {
        try read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
