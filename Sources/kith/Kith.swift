import ArgumentParser
import Foundation
import KithMail

@main
struct Kith: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "Kith tends your network: whom you met, who is drifting, what is coming up.",
        subcommands: [
            InspectCommand.self, PeopleCommand.self, PreviewCommand.self, DoneCommand.self, MetCommand.self,
            SnoozeCommand.self, UnsnoozeCommand.self, IgnoreCommand.self, UnignoreCommand.self, HistoryCommand.self,
            RunCommand.self, StatusCommand.self, StateCommand.self, DigestCommand.self, SendTestCommand.self,
            OutboxCommand.self,
            CheckConfigCommand.self,
            InitCommand.self,
        ]
    )

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
