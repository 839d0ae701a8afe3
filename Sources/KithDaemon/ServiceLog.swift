import Foundation
import KithCore
import KithFormats

/// The service's log: one line per event, on standard error by default; under journald (`$JOURNAL_STREAM`)
/// with the syslog priority prefix it reads. Messages quote names and paths from the inbox: no control
/// character reaches the journal or a terminal.
package struct ServiceLog: Sendable {
    package enum Level: String, Sendable {
        case info, warning, error

        var priority: Int {
            switch self {
            case .error: 3
            case .warning: 4
            case .info: 6
            }
        }
    }

    private let write: @Sendable (String) -> Void
    private let journal: Bool

    /// A log that hands each finished line (newline included) to `write`.
    package init(journal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.journal = journal
        self.write = write
    }

    /// Standard error, prefixed for journald when it is there.
    package static let standardError = ServiceLog(
        journal: ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
    ) { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    package func callAsFunction(_ level: Level, _ message: String) {
        write("\(journal ? "<\(level.priority)>" : "")\(level.rawValue): \(PrintableText.printable(message))\n")
    }

    /// A problem of an inbox file as `kith inspect` prints it, `path:line:column: warning: …`: for the service
    /// every such problem is a warning (the bad part is skipped and the service goes on).
    package func callAsFunction(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        diagnostic.severity = .warning
        write("\(journal ? "<4>" : "")\(PrintableText.printable(diagnostic.description))\n")
    }
}
