import ArgumentParser
internal import CKithBuildInfo
import Foundation
import KithMail

@main
struct Kith: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "Kith tends your network: whom you met, who is drifting, what is coming up.",
        version: Kith.version,
        subcommands: [
            InspectCommand.self, PeopleCommand.self, ShowCommand.self, PreviewCommand.self, DoneCommand.self,
            MetCommand.self, SnoozeCommand.self, UnsnoozeCommand.self, IgnoreCommand.self, UnignoreCommand.self,
            NoteCommand.self, EveryCommand.self, CircleCommand.self, UndoCommand.self, ForgetCommand.self,
            HistoryCommand.self,
            RunCommand.self, StatusCommand.self, StateCommand.self, DigestCommand.self, SendTestCommand.self,
            OutboxCommand.self, SourcesCommand.self,
            CheckConfigCommand.self,
            InitCommand.self,
        ]
    )

    /// The release, and the commit it was built from (`make` records it; other builds say "unknown").
    static let version = "0.1.0 (commit \(String(cString: kith_build_commit())))"

    /// Usage errors exit 2, as `kith inspect` promises; everything else as ArgumentParser decides.
    static func main() {
        // Once, before any thread: libcurl's global state, and SIGPIPE ignored so that a peer closing a
        // connection is an error to handle, not the end of the process.
        SMTPTransport.initializeLibrary()
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
