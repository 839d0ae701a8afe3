import Foundation
import KithCore

/// The transport the config names, and the outbox in `state_dir`: what a digest goes through.
package struct Delivery {
    package var outbox: Outbox
    package var transport: any Transport

    /// Why the delivery the config describes cannot be set up.
    package enum Failure: Error, CustomStringConvertible {
        /// The secret cannot be had (`password_file`, `password_command`): a configuration problem.
        case password(String)
        /// The outbox folder cannot be made or read.
        case outbox(any Error)

        package var description: String {
            switch self {
            case .password(let message): message
            case .outbox(let error): "\(error)"
            }
        }

        /// Whether it is the config's to fix (EX_CONFIG), rather than the system's.
        package var isConfiguration: Bool {
            if case .password = self { return true }
            return false
        }
    }

    package init(outbox: Outbox, transport: any Transport) {
        self.outbox = outbox
        self.transport = transport
    }

    /// The outbox and transport `settings` name; the SMTP password is read (or its command run) now.
    package init(
        settings: Settings,
        environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws(Failure)
    {
        outbox = try Self.outbox(settings: settings)
        switch settings.mail.transport {
        case .maildir:
            transport = MaildirTransport(root: settings.stateDirectory + "/mail")
        case .smtp:
            var options = SMTPTransport.Options(url: settings.mail.url ?? "")
            options.username = settings.mail.username
            options.password = try Self.password(settings.mail, environment: environment)
            options.requireTLS = settings.mail.tls == .required
            options.caFile = settings.mail.caFile
            options.timeout = max(1, settings.mail.timeout.approximateSeconds)
            options.connectTimeout = min(30, options.timeout)
            transport = SMTPTransport(options)
        case .sendmail:
            transport = SendmailTransport(path: settings.mail.sendmailPath)
        }
    }

    /// The outbox alone, for commands that only show it (`status`, `preview`): they must not need the SMTP
    /// password, which a `password_command` may take time, or a prompt, to give.
    package static func outbox(settings: Settings) throws(Failure) -> Outbox {
        do {
            return try Outbox(directory: settings.stateDirectory + "/outbox")
        } catch {
            throw .outbox(error)
        }
    }

    /// The SMTP password: `password_file`, `password_command`, `$KITH_SMTP_PASSWORD`, the systemd credential
    /// `smtp-password`, or (with a warning at check time) the inline `password`.
    package static func password(_ mail: Settings.Mail, environment: [String: String]) throws(Failure) -> String? {
        let secret = Secret(
            setting: "mail",
            file: mail.passwordFile,
            command: mail.passwordCommand,
            variable: "KITH_SMTP_PASSWORD",
            credential: "smtp-password"
        )
        do {
            return try secret.read(environment: environment) ?? mail.password
        } catch {
            throw .password(error.message)
        }
    }

    /// The systemd credential `smtp-password` (its first line), or nil when there is none.
    package static func credential(environment: [String: String], read: (String) -> String?) -> String? {
        Secret.credential("smtp-password", environment: environment, read: read)
    }

    /// One line per message still waiting or kept aside, for the digest's footer and `kith status`.
    package var pendingLines: [String] { Self.pendingLines(outbox) }

    package static func pendingLines(_ outbox: Outbox) -> [String] {
        outbox.entries().map {
            "\($0.id) to \($0.envelope.to.joined(separator: ", ")), \(Plural.of($0.attempts, "attempt"))"
        }
            + outbox.entries(in: .failed).map {
                "\($0.id) could not be sent (\($0.lastError ?? "unknown")); kept in failed/"
            }
    }

    /// Delivers what is due at `now`: one line per outcome (times as `calendar`'s zone shows them), and the
    /// ids delivered.
    package func deliverDue(now: Int, giveUp: Int, calendar: CivilCalendar) -> (lines: [String], delivered: [String]) {
        var lines: [String] = []
        var delivered: [String] = []
        for (entry, outcome) in outbox.deliverDue(through: transport, now: now, giveUp: giveUp) {
            switch outcome {
            case .sent(let reply):
                lines.append("\(entry.id): delivered (\(reply))")
                delivered.append(entry.id)
            case .retryLater(let at, let error):
                lines.append(
                    "\(entry.id): not delivered (\(error)); next attempt at \(calendar.moment(at))"
                )
            case .failed(let error):
                lines.append("\(entry.id): failed for good (\(error)); kept in \(outbox.directory)/failed")
            }
        }
        return (lines, delivered)
    }

    /// The next time a queued message is due, if any.
    package var nextAttempt: Int? { outbox.entries().map(\.nextAttempt).min() }
}
