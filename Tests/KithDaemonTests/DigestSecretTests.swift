import Foundation
import KithCore
import KithDaemon
import KithStore
import KithTestSupport
import Testing

/// What a reply to a digest will be checked and read against ([replies] issue): each sent digest's
/// Message-ID holds a random secret kept in the state, and the state knows who each numbered item was.
@Suite struct DigestSecretTests {
    typealias Harness = ServiceClockTests.Harness

    @Test func aSentDigestNamesItsSecretAndTheStateKnowsItsItems() throws {
        let harness = try Harness(now: ServiceClockTests.at(2026, 11, 30, 10)) { settings in
            settings.replies.address = "replies@kith.example"
        }
        harness.start()
        let message = String(decoding: try #require(harness.transport.deliveries.first).message, as: UTF8.self)
        let secrets = try harness.store.digestSecrets(composedSince: 0)
        let secret = try #require(secrets["2026-W49"])
        #expect(secret.count == 32 && secret.allSatisfy(\.isHexDigit))
        #expect(message.contains("Message-ID: <digest-2026-W49-\(secret)@"), "\(message.prefix(600))")
        #expect(message.contains("Reply-To: replies@kith.example"))
        let items = try harness.store.digestItems("2026-W49")
        #expect(items.count >= 5 && items[1] != nil)
        #expect(Set(items.keys) == Set(1...items.count), "numbered 1…n")
        // Another digest gets another secret.
        harness.clock.advance(to: ServiceClockTests.at(2026, 12, 7, 9))
        let next = try harness.store.digestSecrets(composedSince: 0)
        #expect(next.count == 2 && next["2026-W50"] != secret)
        // The secrets of digests composed before a moment are no longer offered.
        #expect(
            try harness.store.digestSecrets(composedSince: ServiceClockTests.at(2026, 12, 1, 0)).keys.sorted() == [
                "2026-W50"
            ]
        )
    }
}
