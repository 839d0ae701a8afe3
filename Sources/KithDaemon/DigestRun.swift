import Foundation
import KithCore
import KithFormats
import KithMail
import KithSources
import KithStore

/// Composing a slot's digest once and sending it through the outbox: `kith digest --send` and the service.
///
/// A slot is composed once and sent once, also across crashes (DESIGN.md invariant 2). The slot lives in
/// SQLite and its message in the outbox on disk, so the two are joined by a claim: the slot is claimed with
/// its nudges, the message is queued, the claim is completed. Whatever a crash interrupts is settled on the
/// next run by `settleClaims`: a claim whose message is in the outbox is completed, one whose message is not
/// is abandoned and the slot composed again; a message is queued under the slot's id only once.
package enum DigestRun {
    /// The steps of `send`, for tests that stop a run between any two.
    package enum Step: Sendable, CaseIterable {
        case claimed
        case queued
        case completed
    }

    /// What `send` did.
    package struct Outcome {
        /// One line per thing that happened.
        package var lines: [String]
        /// The digest, when this call composed it.
        package var composed: Digest?
        /// The outbox id of the slot's message (composed now or before).
        package var id: String
    }

    /// The outbox id of a slot's digest.
    package static func messageID(slot: String) -> String { "digest-\(slot)" }

    /// 128 random bits as hex, from the system's generator (getrandom(2)): what a reply must name to be acted on.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let word = String(generator.next(), radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }

    /// Composes the digest of `planner.now`'s slot unless it was composed before, queues it, and delivers what
    /// is due; `now` is the real time. `checkpoint` runs after each step (tests throw from it to stop there).
    package static func send(
        planner: Planner,
        settings: Settings,
        zone: ZoneRules,
        store: StateStore,
        delivery: Delivery,
        now: Int,
        checkpoint: (Step) throws -> Void = { _ in }
    ) throws -> Outcome {
        try settleClaims(store: store, outbox: delivery.outbox, now: now)
        let digest = Digest.compose(
            planner,
            waitingMail: delivery.pendingLines,
            failingSources: SourceStatus.failingLines(
                settings,
                states: (try? store.sourceStates()) ?? [:],
                now: now,
                calendar: CivilCalendar(zone: zone)
            )
        )
        let id = messageID(slot: digest.slot)
        var outcome = Outcome(lines: [], composed: nil, id: id)
        let nudges = digest.nudges.map { (person: $0.personKey, kind: $0.kind.rawValue) }
        let secret = Self.newSecret()
        let items = digest.items.map { (number: $0.number, person: $0.nudges[0].personKey) }
        if try store.claimSlot(digest.slot, nudges: nudges, items: items, secret: secret) {
            try checkpoint(.claimed)
            let message = DigestMail.message(digest, settings: settings, now: now, zone: zone, secret: secret)
            let bytes = try message.render()
            let envelope = Envelope(from: message.from.address, to: message.to.map(\.address))
            // False when a run that stopped after queueing left it there: then it is this slot's message.
            try delivery.outbox.enqueue(id: id, message: bytes, envelope: envelope, now: now)
            try checkpoint(.queued)
            // On the planner's time line: what was shown when is compared with the `now` of later plans, which
            // for `kith digest --at` is not the wall clock.
            try store.completeClaim(digest.slot, at: planner.now)
            try checkpoint(.completed)
            outcome.lines.append("Digest \(digest.slot) composed: \(digest.subject)")
            outcome.composed = digest
        } else {
            let composedAt = try store.slot(digest.slot)?.composedAt ?? now
            outcome.lines.append(
                "Digest \(digest.slot) was composed before (\(CivilCalendar(zone: zone).moment(composedAt))); not again."
            )
        }
        outcome.lines += try deliverDue(settings: settings, store: store, delivery: delivery, now: now, zone: zone)
        return outcome
    }

    /// Settles the claims a crash left open: completed when the outbox holds the slot's message (in any of
    /// its folders), abandoned when it does not.
    package static func settleClaims(store: StateStore, outbox: Outbox, now: Int) throws {
        for slot in try store.openClaims() {
            if outbox.location(of: messageID(slot: slot)) != nil {
                try store.completeClaim(slot, at: now)
            } else {
                try store.abandonClaim(slot)
            }
        }
    }

    /// Delivers what the outbox holds and is due at `now`; marks digest slots sent.
    package static func deliverDue(
        settings: Settings,
        store: StateStore,
        delivery: Delivery,
        now: Int,
        zone: ZoneRules
    ) throws -> [String] {
        let (lines, delivered) = delivery.deliverDue(
            now: now,
            giveUp: settings.mail.giveUp.approximateSeconds,
            calendar: CivilCalendar(zone: zone)
        )
        for id in delivered where id.hasPrefix("digest-") {
            try store.markSlot(String(id.dropFirst("digest-".count)), sentAt: now)
        }
        return lines
    }
}
