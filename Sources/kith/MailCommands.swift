import ArgumentParser
import Foundation
import KithCore
import KithFormats
import KithMail
import KithStore

/// The transport the config names, and the outbox in `state_dir`.
struct Delivery {
    var outbox: Outbox
    var transport: any Transport

    init(settings: Settings) throws {
        outbox = try Self.outbox(settings: settings)
        switch settings.mail.transport {
        case .maildir:
            transport = MaildirTransport(root: settings.stateDirectory + "/mail")
        case .smtp:
            var options = SMTPTransport.Options(url: settings.mail.url ?? "")
            options.username = settings.mail.username
            options.password = try Self.password(settings.mail)
            options.requireTLS = settings.mail.tls == .required
            options.caFile = settings.mail.caFile
            options.timeout = max(1, settings.mail.timeout.approximateSeconds)
            options.connectTimeout = min(30, options.timeout)
            transport = SMTPTransport(options)
        case .sendmail:
            transport = SendmailTransport(path: settings.mail.sendmailPath)
        }
    }

    /// The SMTP password: `password_file`, `password_command`, `$KITH_SMTP_PASSWORD`, the systemd credential
    /// `smtp-password`, or (with a warning at check time) the inline `password`.
    static func password(_ mail: Settings.Mail) throws -> String? {
        if let file = mail.passwordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                FileHandle.standardError.write(Data("error: cannot read mail.password_file \(file)\n".utf8))
                throw ExitCode(ConfigFile.exitCode)
            }
            return firstLine(text)
        }
        if let command = mail.passwordCommand {
            do {
                return firstLine(try PasswordCommand.run(command))
            } catch {
                FileHandle.standardError.write(Data("error: mail.password_command \(error)\n".utf8))
                throw ExitCode(ConfigFile.exitCode)
            }
        }
        let environment = ProcessInfo.processInfo.environment
        if let password = environment["KITH_SMTP_PASSWORD"], !password.isEmpty { return password }
        let credential = credential(environment: environment) { path in
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        }
        return credential ?? mail.password
    }

    /// The systemd credential `smtp-password` (its first line), or nil when there is none.
    ///
    /// The units load it with `LoadCredential=` and declare an empty `SetCredential=` as the fallback, so that a
    /// unit starts without the file; an empty or blank credential therefore means "none", never an empty password.
    static func credential(environment: [String: String], read: (String) -> String?) -> String? {
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty,
            let text = read(directory + "/smtp-password")
        else { return nil }
        let line = firstLine(text)
        return line.allSatisfy(\.isWhitespace) ? nil : line
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "")
    }

    /// The outbox alone, for commands that only show it (`status`, `preview`): they must not need the SMTP
    /// password, which a `password_command` may take time, or a prompt, to give.
    static func outbox(settings: Settings) throws -> Outbox {
        StateOwnership.handOverAtExit(settings.stateDirectory)
        do {
            return try Outbox(directory: settings.stateDirectory + "/outbox")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// One line per message still waiting or kept aside, for the digest's footer and `kith status`.
    var pendingLines: [String] { Self.pendingLines(outbox) }

    static func pendingLines(_ outbox: Outbox) -> [String] {
        outbox.entries().map { "\($0.id) to \($0.envelope.to.joined(separator: ", ")), \($0.attempts) attempts" }
            + outbox.entries(in: .failed).map {
                "\($0.id) could not be sent (\($0.lastError ?? "unknown")); kept in failed/"
            }
    }

    /// Delivers what is due: one line per outcome, and the ids delivered.
    func deliverDue(now: Int, giveUp: Int) -> (lines: [String], delivered: [String]) {
        var lines: [String] = []
        var delivered: [String] = []
        for (entry, outcome) in outbox.deliverDue(through: transport, now: now, giveUp: giveUp) {
            switch outcome {
            case .sent(let reply):
                lines.append("\(entry.id): delivered (\(reply))")
                delivered.append(entry.id)
            case .retryLater(let at, let error):
                lines.append(
                    "\(entry.id): not delivered (\(error)); next attempt at \(Date(timeIntervalSince1970: TimeInterval(at)))"
                )
            case .failed(let error):
                lines.append("\(entry.id): failed for good (\(error)); kept in \(outbox.directory)/failed")
            }
        }
        return (lines, delivered)
    }

    /// The next time a queued message is due, if any.
    var nextAttempt: Int? { outbox.entries().map(\.nextAttempt).min() }
}

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

    @Option(name: .long, help: "The moment whose digest slot to compose (YYYY-MM-DD[THH:MM], today, a weekday, +1w).")
    var at: String?

    @Flag(help: "Send it (without --send, only show what would be sent).")
    var send = false

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let store = try workspace.openState()
        let now = try at.map { try workspace.instant($0, direction: .future) } ?? Workspace.now()
        let (planner, _) = try workspace.planner(now: now, state: store)
        let delivery = try Delivery(settings: workspace.settings)
        guard send else {
            let digest = Digest.compose(planner, waitingMail: delivery.pendingLines)
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
        let sent = try DigestRun.send(planner: planner, workspace: workspace, store: store, delivery: delivery)
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

/// Composing a slot's digest once and sending it through the outbox: `kith digest --send` and `kith run`.
enum DigestRun {
    /// Returns one line per thing that happened, the digest when this call composed it, and the outbox id of
    /// the slot's message (composed now or before).
    static func send(
        planner: Planner,
        workspace: Workspace,
        store: StateStore,
        delivery: Delivery
    ) throws -> (lines: [String], composed: Digest?, id: String) {
        var lines: [String] = []
        var composed: Digest? = nil
        let digest = Digest.compose(planner, waitingMail: delivery.pendingLines)
        let id = "digest-\(digest.slot)"
        // A slot is composed once and sent once, also across restarts (DESIGN.md invariant 2).
        if let composed = try store.slot(digest.slot)?.composedAt {
            lines.append(
                "Digest \(digest.slot) was composed before (\(Date(timeIntervalSince1970: TimeInterval(composed)))); not again."
            )
        } else {
            let message = DigestMail.message(
                digest,
                settings: workspace.settings,
                now: Workspace.now(),
                zone: workspace.zone
            )
            let bytes: [UInt8]
            do {
                bytes = try message.render()
            } catch {
                throw ValidationError("the digest cannot be written: \(error)")
            }
            let envelope = Envelope(from: message.from.address, to: message.to.map(\.address))
            try delivery.outbox.enqueue(id: id, message: bytes, envelope: envelope, now: Workspace.now())
            try store.markSlot(digest.slot, composedAt: Workspace.now())
            try store.recordSent(slot: digest.slot, nudges: digest.nudges.map { ($0.personKey, $0.kind.rawValue) })
            lines.append("Digest \(digest.slot) composed: \(digest.subject)")
            composed = digest
        }
        lines.append(contentsOf: try deliverDue(workspace: workspace, store: store, delivery: delivery))
        return (lines, composed, id)
    }

    /// Delivers what the outbox holds and is due; marks digest slots sent.
    static func deliverDue(workspace: Workspace, store: StateStore, delivery: Delivery) throws -> [String] {
        let (lines, delivered) = delivery.deliverDue(
            now: Workspace.now(),
            giveUp: workspace.settings.mail.giveUp.approximateSeconds
        )
        for id in delivered where id.hasPrefix("digest-") {
            try store.markSlot(String(id.dropFirst("digest-".count)), sentAt: Workspace.now())
        }
        return lines
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
        let delivery = try Delivery(settings: settings)
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
        let delivery = try Delivery(settings: workspace.settings)
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
            for line in try DigestRun.deliverDue(workspace: workspace, store: store, delivery: delivery) {
                print(line)
            }
        case .drop:
            guard try outbox.drop(id!) else { throw ValidationError("no waiting message \(id!)") }
            print("\(id!) moved to \(outbox.directory)/failed (kept, not deleted).")
        }
    }
}
