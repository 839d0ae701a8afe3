import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithFormats
import KithMail
import KithStore

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Compose this week's digest (or the one at --at) and send it through the outbox.",
        discussion: """
            With --send, exits 0 when the digest was delivered (or had been sent before), 75 (EX_TEMPFAIL) when \
            it is waiting in the outbox for another attempt, and 1 when it failed for good (kept in outbox/failed).
            """
    )

    /// EX_TEMPFAIL (sysexits.h): the digest is queued and will be tried again; a timer unit may simply rerun.
    static let waitingExitCode: Int32 = 75

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "The moment whose digest slot to compose (YYYY-MM-DD[THH:MM], today, a weekday, +1w)."
    )
    var at: String?

    @Flag(help: "Send it (without --send, only show what would be sent).")
    var send = false

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let store = try workspace.openState()
        let now = try at.map { try workspace.instant($0, direction: .future) } ?? Workspace.now()
        let (planner, _) = try workspace.planner(now: now, state: store)
        let delivery = try Delivery.forCommand(settings: workspace.settings)
        guard send else {
            let digest = Digest.compose(
                planner,
                waitingMail: delivery.pendingLines,
                failingSources: try SourcesCommand.failingLines(workspace, store: store, now: now)
            )
            let message = DigestMail.message(
                digest,
                settings: workspace.settings,
                now: Workspace.now(),
                zone: workspace.zone
            )
            do {
                FileHandle.standardOutput.write(Data(try message.render()))
            } catch {
                FileHandle.standardError.write(Data("error: the digest cannot be written: \(error)\n".utf8))
                throw ExitCode(ConfigFile.exitCode)
            }
            return
        }
        let sent = try DigestRun.send(
            planner: planner,
            settings: workspace.settings,
            zone: workspace.zone,
            store: store,
            delivery: delivery,
            now: Workspace.now()
        )
        for line in sent.lines { print(line) }
        switch delivery.outbox.location(of: sent.id) {
        case .queue?:
            FileHandle.standardError.write(
                Data("\(sent.id) is waiting in \(delivery.outbox.directory) for another attempt\n".utf8)
            )
            throw ExitCode(Self.waitingExitCode)
        case .failed?:
            FileHandle.standardError.write(
                Data("error: \(sent.id) could not be sent; kept in \(delivery.outbox.directory)/failed\n".utf8)
            )
            throw ExitCode(1)
        case .sent?, nil:
            // Delivered now or before; a slot composed before whose message has since been removed by hand
            // was sent as far as Kith knows.
            return
        }
    }
}

struct SendTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send a short message through the configured transport and show the reply."
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let settings = workspace.settings
        let now = Workspace.now()
        let from = settings.digest.from ?? settings.digest.to.first ?? "kith@localhost"
        let message = MailMessage(
            from: MailAddress(name: "Kith", address: from),
            to: settings.digest.to.map { MailAddress(name: settings.me.name, address: $0) },
            subject: "Kith: test message",
            date: now,
            dateOffset: workspace.zone.offset(atUTC: now),
            messageID: "test-\(now)-\(getpid())@kith",
            text: "This is a test message from Kith. If you read it, the digest will reach you too.\n"
        )
        let delivery = try Delivery.forCommand(settings: settings)
        let transport = delivery.transport
        do {
            let reply = try transport.deliver(
                try message.render(),
                envelope: Envelope(from: from, to: settings.digest.to)
            )
            print("Delivered: \(reply)")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Mail waiting to be sent: list it, retry it now, or drop it (kept in failed/)."
    )

    enum Action: String, ExpressibleByArgument {
        case list, retry, drop
    }

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Argument(help: "list, retry or drop.")
    var action: Action = .list

    @Argument(help: "The message id (for drop; for retry, without one every waiting message is retried).")
    var id: String?

    func validate() throws {
        if action == .drop && id == nil {
            throw ValidationError("drop needs a message id (see kith outbox list)")
        }
    }

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let delivery = try Delivery.forCommand(settings: workspace.settings)
        let outbox = delivery.outbox
        switch action {
        case .list:
            for (folder, label) in [(Outbox.Folder.queue, "waiting"), (.failed, "failed")] {
                for entry in outbox.entries(in: folder) {
                    let error = entry.lastError.map { "  last error: \($0)" } ?? ""
                    print(
                        "\(label)  \(entry.id)  to \(entry.envelope.to.joined(separator: ", "))  attempts \(entry.attempts)\(error)"
                    )
                }
            }
        case .retry:
            let now = Workspace.now()
            if let id {
                guard try outbox.retry(id, now: now) else { throw ValidationError("no waiting message \(id)") }
            } else {
                let waiting = outbox.entries()
                guard !waiting.isEmpty else {
                    print("Nothing is waiting in \(outbox.directory).")
                    return
                }
                for entry in waiting { _ = try outbox.retry(entry.id, now: now) }
            }
            // Through DigestRun, so that a digest delivered here is marked sent in the state too.
            let store = try workspace.openState()
            let lines = try DigestRun.deliverDue(
                settings: workspace.settings,
                store: store,
                delivery: delivery,
                now: Workspace.now(),
                zone: workspace.zone
            )
            for line in lines { print(line) }
        case .drop:
            guard try outbox.drop(id!) else { throw ValidationError("no waiting message \(id!)") }
            print("\(id!) moved to \(outbox.directory)/failed (kept, not deleted).")
        }
    }
}
