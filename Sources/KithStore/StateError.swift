import KithSystem

/// Why the state database cannot be used, with what to do about it.
package struct StateError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
        /// The file is not a SQLite database, or is damaged.
        case corrupt
        /// Written by a newer Kith: this one does not know its schema.
        case newerSchema
        /// Cannot be opened or written (permissions, disk).
        case unavailable
        /// An export file that cannot be imported.
        case badExport
    }

    package var code: Code
    package var path: String
    package var message: String
    /// For `badExport`: every problem found in the file (the first ones, when there are many), each with where.
    package var problems: [StateExportProblem]
    /// The system call that failed, when one did (`unavailable`).
    package var cause: SystemCallError?

    package init(
        _ code: Code,
        path: String,
        _ message: String,
        problems: [StateExportProblem] = [],
        cause: SystemCallError? = nil
    ) {
        self.code = code
        self.path = path
        self.message = message
        self.problems = problems
        self.cause = cause
    }

    /// One line per problem when there are several, each naming the file and the place in it.
    package var description: String {
        problems.isEmpty ? "\(path): \(message)" : problems.map { $0.line(source: path) }.joined(separator: "\n")
    }
}
