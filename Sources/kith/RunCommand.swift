import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithFormats
import KithMail
import KithSources
import KithStore

/// `kith run`: the service (`KithDaemon.Service`), wired to the real parts.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Kith as a service: watch the inbox, send the weekly digest (systemd Type=notify)."
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Flag(help: "Also print each digest's text on standard output when it is sent (for a first try).")
    var printDigest = false

    func run() throws {
        let config = self.config
        let setup = try Self.setup(config: config)
        let printDigest = self.printDigest
        ServiceRunner.run(setup: setup) { clock in
            var environment = ServiceEnvironment(
                clock: clock,
                notifier: SystemdNotifier(),
                log: .standardError,
                load: { try Self.setup(config: config) },
                readInbox: { settings in
                    Workspace.readInParallel((try? Workspace.inputFiles(settings)) ?? SourceFiles.copies(settings))
                },
                read: InputFiles.read
            )
            if printDigest { environment.composed = Self.printComposed }
            return environment
        }
    }

    /// The config, state, outbox and inbox the service runs on; what `run` would fail on later ends it with 78.
    static func setup(config: String?) throws -> ServiceSetup {
        let workspace = try Workspace.load(config: config, preflight: true)
        return ServiceSetup(
            configPath: workspace.configPath,
            settings: workspace.settings,
            zone: workspace.zone,
            database: workspace.database,
            store: try workspace.openState(),
            delivery: try Delivery.forCommand(settings: workspace.settings),
            documents: workspace.documents
        )
    }

    /// `--print-digest`: the digest's text, and how to go on.
    static func printComposed(_ digest: Digest, settings: Settings) {
        print("Subject: \(digest.subject)\n\n" + digest.text)
        print("(Kith keeps watching \(settings.inbox): drop a .vcf or .ics file into it to see it react;")
        print(" Ctrl-C to stop.)")
        fflush(nil)
    }
}
