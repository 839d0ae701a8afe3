import Foundation
import KithCore
import KithFormats
import KithMail
import KithTestSupport
import Testing

/// The lines the digest's footer and `kith status` show for mail waiting in the outbox.
@Suite struct WaitingMailLinesTests {
    @Test func oneAttemptIsSingular() throws {
        let folder = try TemporaryFolder.make("kith-waiting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = try Outbox(directory: folder.path)
        let clock = ManualClock(now: 1_796_000_000)
        let transport = RecordingTransport(clock: clock)
        transport.failure = DeliveryError(.temporary, "421 try later")
        let envelope = Envelope(from: "kith@example.org", to: ["me@example.org"])
        #expect(
            try outbox.enqueue(id: "digest-2026-W49", message: Array("x\r\n".utf8), envelope: envelope, now: clock.now)
        )
        let delivery = Delivery(outbox: outbox, transport: transport)
        let calendar = CivilCalendar(zone: try #require(TimeZoneDatabase().rules(named: "Europe/Helsinki")))
        let first = delivery.deliverDue(now: clock.now, giveUp: 5 * 86_400, calendar: calendar)
        #expect(delivery.pendingLines == ["digest-2026-W49 to me@example.org, 1 attempt"])
        // The next attempt in the configured zone's wall-clock time, with its offset.
        #expect(first.lines.first?.hasSuffix(" +02:00") == true, "\(first.lines)")
        clock.advance(to: clock.now + 86_400)
        _ = delivery.deliverDue(now: clock.now, giveUp: 5 * 86_400, calendar: calendar)
        #expect(delivery.pendingLines == ["digest-2026-W49 to me@example.org, 2 attempts"])
    }
}
