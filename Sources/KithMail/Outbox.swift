import Foundation
import KithSystem

/// Mail on disk before any attempt to send it: nothing is lost, nothing is sent twice.
///
/// `outbox/ID.eml` holds the message and `outbox/ID.json` its envelope and attempts, both written atomically.
/// A message leaves `outbox/` only after the transport accepted it (into `sent/`, with the reply), or when it
/// could not be sent for `give_up` or a permanent error (into `failed/`, kept and reported, never deleted).
package struct Outbox: Sendable {
    package struct Entry: Sendable, Codable, Hashable {
        package var id: String
        package var envelope: Envelope
        /// UTC instants.
        package var created: Int
        package var attempts: Int
        package var nextAttempt: Int
        package var lastError: String?
        package var reply: String?
        package var sentAt: Int?
    }

    package enum Folder: String, Sendable {
        case queue = ""
        case sent
        case failed
    }

    /// Waits between attempts: 1 min, 5 min, 15 min, 1 h, then every 4 h.
    package static let backoff = [60, 300, 900, 3600, 4 * 3600]

    package let directory: String

    /// Opens the outbox, creating its folders and removing temporary files a crash left behind.
    package init(directory: String) throws(SystemCallError) {
        self.directory = directory
        for folder in [directory, "\(directory)/sent", "\(directory)/failed"] {
            try SystemCall.makeFolders(folder)
            // Temporary files and attempts a crash interrupted (their outcome is unknown: sent again).
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasPrefix(SystemCall.temporaryPrefix) || name.hasSuffix(".sending") {
                try? SystemCall.remove("\(folder)/\(name)")
            }
        }
    }

    private func path(_ folder: Folder, _ id: String, _ suffix: String) -> String {
        folder == .queue ? "\(directory)/\(id).\(suffix)" : "\(directory)/\(folder.rawValue)/\(id).\(suffix)"
    }

    /// Where a message with this id is, if anywhere.
    package func location(of id: String) -> Folder? {
        for folder in [Folder.queue, .sent, .failed]
        where FileManager.default.fileExists(atPath: path(folder, id, "eml")) {
            return folder
        }
        return nil
    }

    /// Puts a message in the queue; returns false when one with this id is already queued, sent or failed.
    @discardableResult
    package func enqueue(id: String, message: [UInt8], envelope: Envelope, now: Int) throws(SystemCallError) -> Bool {
        guard location(of: id) == nil else { return false }
        let entry = Entry(id: id, envelope: envelope, created: now, attempts: 0, nextAttempt: now)
        // The metadata first: a message file without it would still be sent; the reverse would be an orphan.
        try write(entry, to: path(.queue, id, "json"))
        try SystemCall.writeAtomically(message, to: path(.queue, id, "eml"))
        return true
    }

    private func write(_ entry: Entry, to path: String) throws(SystemCallError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(entry)) ?? Data()
        try SystemCall.writeAtomically([UInt8](data), to: path)
    }

    /// Entries of a folder, oldest first.
    package func entries(in folder: Folder = .queue) -> [Entry] {
        let base = folder == .queue ? directory : "\(directory)/\(folder.rawValue)"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).filter {
            $0.hasSuffix(".eml") && !$0.hasPrefix(".")
        }
        return names.compactMap { name -> Entry? in
            let id = String(name.dropLast(4))
            var entry =
                FileManager.default.contents(atPath: path(folder, id, "json")).flatMap {
                    try? JSONDecoder().decode(Entry.self, from: $0)
                } ?? Entry(id: id, envelope: Envelope(from: "", to: []), created: 0, attempts: 0, nextAttempt: 0)
            // An accepted message's marker keeps when it was accepted and when to record it next.
            if folder == .queue, let times = SystemCall.times(marker(id, accepted: true)) {
                entry.sentAt = entry.sentAt ?? times.accessed
                entry.nextAttempt = times.modified
            }
            return entry
        }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    /// What happened to one message in a delivery round.
    package enum Outcome: Sendable, Hashable {
        case sent(reply: String)
        case retryLater(at: Int, error: String)
        case failed(error: String)
    }

    /// Tries every message that is due; moves each to `sent/` or `failed/`, or schedules its next attempt.
    ///
    /// A message the transport accepted is never handed to it again, whatever fails afterwards: before each
    /// attempt an empty `ID.sending` file is made, and acceptance renames it to `ID.accepted`, which needs no
    /// free space. When the move to `sent/` then fails (a full disk), the message stays out of the sends and
    /// only that move is tried again, backing off, also across restarts.
    package func deliverDue(through transport: any Transport, now: Int, giveUp: Int) -> [(Entry, Outcome)] {
        var outcomes: [(Entry, Outcome)] = []
        for var entry in entries() where entry.nextAttempt <= now {
            guard let message = FileManager.default.contents(atPath: path(.queue, entry.id, "eml")) else { continue }
            if FileManager.default.fileExists(atPath: marker(entry.id, accepted: true)) {
                outcomes.append((entry, record(&entry, reply: entry.reply ?? "accepted earlier", now: now)))
                continue
            }
            do {
                try SystemCall.makeEmptyFile(marker(entry.id, accepted: false))
            } catch {
                // Without the marker an acceptance could not be told apart from a crash: do not send yet.
                entry.lastError = "cannot prepare the attempt: \(error)"
                entry.nextAttempt = now + Self.backoff[min(entry.attempts, Self.backoff.count - 1)]
                try? write(entry, to: path(.queue, entry.id, "json"))
                outcomes.append((entry, .retryLater(at: entry.nextAttempt, error: entry.lastError!)))
                continue
            }
            entry.attempts += 1
            let reply: String
            do {
                reply = try transport.deliver([UInt8](message), envelope: entry.envelope)
            } catch {
                try? SystemCall.remove(marker(entry.id, accepted: false))
                entry.lastError = error.message
                if error.kind == .permanent || now - entry.created >= giveUp {
                    try? finish(entry, in: .failed)
                    outcomes.append((entry, .failed(error: error.message)))
                } else {
                    entry.nextAttempt = now + Self.backoff[min(entry.attempts - 1, Self.backoff.count - 1)]
                    try? write(entry, to: path(.queue, entry.id, "json"))
                    outcomes.append((entry, .retryLater(at: entry.nextAttempt, error: error.message)))
                }
                continue
            }
            try? SystemCall.rename(marker(entry.id, accepted: false), to: marker(entry.id, accepted: true))
            outcomes.append((entry, record(&entry, reply: reply, now: now)))
        }
        return outcomes
    }

    /// The empty file that says an attempt is under way (`sending`) or was accepted (`accepted`).
    private func marker(_ id: String, accepted: Bool) -> String {
        "\(directory)/\(id).\(accepted ? "accepted" : "sending")"
    }

    /// Moves an accepted message to `sent/`; when that fails, keeps on the accepted marker when it was
    /// accepted and when to try again (time stamps need no free space) and says so in the reply.
    private func record(_ entry: inout Entry, reply: String, now: Int) -> Outcome {
        entry.reply = reply
        entry.sentAt = entry.sentAt ?? now
        entry.lastError = nil
        do {
            try finish(entry, in: .sent)
            try? SystemCall.remove(marker(entry.id, accepted: true))
            return .sent(reply: reply)
        } catch {
            // Back off by the message's age, from a minute to four hours.
            let next = now + min(4 * 3600, max(60, now - entry.created))
            try? SystemCall.setTimes(marker(entry.id, accepted: true), accessed: entry.sentAt ?? now, modified: next)
            entry.nextAttempt = next
            try? write(entry, to: path(.queue, entry.id, "json"))
            return .sent(reply: "\(reply) (not yet moved to sent/: \(error); it will not be sent again)")
        }
    }

    /// Moves a message and its metadata out of the queue (the message last: it is what says "queued").
    private func finish(_ entry: Entry, in folder: Folder) throws(SystemCallError) {
        try write(entry, to: path(folder, entry.id, "json"))
        try SystemCall.move(path(.queue, entry.id, "eml"), to: path(folder, entry.id, "eml"))
        try? SystemCall.remove(path(.queue, entry.id, "json"))
    }

    /// Makes a queued message due now; false when there is none with this id.
    package func retry(_ id: String, now: Int) throws(SystemCallError) -> Bool {
        guard var entry = entries().first(where: { $0.id == id }) else { return false }
        entry.nextAttempt = now
        if let times = SystemCall.times(marker(id, accepted: true)) {
            try? SystemCall.setTimes(marker(id, accepted: true), accessed: times.accessed, modified: now)
        }
        try write(entry, to: path(.queue, id, "json"))
        return true
    }

    /// Takes a queued message out of the queue, into `failed/` (kept, never deleted).
    package func drop(_ id: String) throws(SystemCallError) -> Bool {
        guard var entry = entries().first(where: { $0.id == id }) else { return false }
        entry.lastError = (entry.lastError.map { $0 + "; " } ?? "") + "dropped by the user"
        try finish(entry, in: .failed)
        return true
    }
}
