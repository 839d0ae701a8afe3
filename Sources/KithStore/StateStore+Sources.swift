import GRDB
import KithCore

/// Each source's fetch state (`SourceState`): validators, the copy kept, the last success and error, when the
/// next fetch is due. One row per source name; written by whoever fetched (the daemon or `kith sources fetch`).
extension StateStore {
    /// The table as schema 3 made it; schema 4 adds `url`.
    static let sourceTable = """
        CREATE TABLE source_fetches (
            name TEXT PRIMARY KEY NOT NULL,
            etag TEXT, last_modified TEXT,
            last_success INTEGER, last_attempt INTEGER, last_error TEXT,
            failing_since INTEGER, failures INTEGER NOT NULL DEFAULT 0,
            file TEXT, size INTEGER, next_fetch INTEGER
        )
        """

    /// Every source's state, by name.
    package func sourceStates() throws(StateError) -> [String: SourceState] {
        try write { db in
            var states: [String: SourceState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM source_fetches") {
                let name: String = row["name"]
                var state = SourceState(name: name)
                state.url = row["url"]
                state.etag = row["etag"]
                state.lastModified = row["last_modified"]
                state.lastSuccess = row["last_success"]
                state.lastAttempt = row["last_attempt"]
                state.lastError = row["last_error"]
                state.failingSince = row["failing_since"]
                state.failures = row["failures"]
                state.file = row["file"]
                state.size = row["size"]
                state.nextFetch = row["next_fetch"]
                states[name] = state
            }
            return states
        }
    }

    /// Records one source's state after a fetch.
    package func saveSourceState(_ state: SourceState) throws(StateError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO source_fetches (name, url, etag, last_modified, last_success,
                        last_attempt, last_error, failing_since, failures, file, size, next_fetch)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    state.name, state.url, state.etag, state.lastModified, state.lastSuccess, state.lastAttempt,
                    state.lastError,
                    state.failingSince, state.failures, state.file, state.size, state.nextFetch,
                ]
            )
        }
    }

    /// Forgets the states of sources no longer configured.
    package func forgetSources(keeping names: Set<String>) throws(StateError) {
        try write { db in
            for name in try String.fetchAll(db, sql: "SELECT name FROM source_fetches") where !names.contains(name) {
                try db.execute(sql: "DELETE FROM source_fetches WHERE name = ?", arguments: [name])
            }
        }
    }
}
