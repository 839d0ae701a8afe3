/// One reason a state export cannot be imported, and where in the file it is.
package struct StateExportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Location: Sendable, Hashable {
        /// The whole document.
        case document
        /// A path into the decoded document, as a reader would write it: `digest_slots[3].sent_at`.
        case path(String)
        /// Line and column (from 1) of text that is not JSON.
        case text(line: Int, column: Int)
    }

    package var location: Location
    package var message: String

    package init(_ location: Location, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `digest_slots[3].sent_at: expected …`, `3:17: expected …`, or only the message for the whole document.
    package var description: String {
        switch location {
        case .document: return message
        case .path(let path): return "\(path): \(message)"
        case .text(let line, let column): return "\(line):\(column): \(message)"
        }
    }

    /// The problem as one line naming the file, like a compiler's: `state.json: digest_slots[3].sent_at: …`,
    /// `state.json:3:17: …`.
    package func line(source: String) -> String {
        switch location {
        case .text: return "\(source):\(description)"
        case .document, .path: return "\(source): \(description)"
        }
    }
}
