import Testing

@testable import KithReplies

@Suite struct ReplyGateTests {
    let gate = ReplyGate(
        digestMessageIDs: [Fixture.digestID, "kith.2026-W48.older@kith.local"],
        ownerEmails: ["Ana@Example.org", "ana@work.example"]
    )

    static let refusals: [(String, ReplyGate.Refusal)] = [
        ("from-stranger", .notFromOwner("mallory@example.net")),
        ("no-digest-id", .notAReplyToADigest),
        ("auto-replied", .automatic("auto-replied")),
    ]

    @Test(arguments: refusals)
    func refusesForgedReply(_ name: String, _ refusal: ReplyGate.Refusal) throws {
        let message = ReplyMessage(try Fixture.bytes(name))
        #expect(gate.check(message) == .failure(refusal))
        #expect(!refusal.description.isEmpty)
        #expect(Set(Self.refusals.map(\.1.code)).count == Self.refusals.count)
    }

    func message(_ headers: String) -> ReplyMessage {
        ReplyMessage(Array((headers + "\r\n\r\ndone 1\r\n").utf8))
    }

    @Test func autoSubmittedNoIsAPerson() {
        let reply = message("From: ana@work.example\r\nIn-Reply-To: <\(Fixture.digestID)>\r\nAuto-Submitted: No")
        #expect(gate.check(reply) == .success(Fixture.digestID))
    }

    @Test func theLatestDigestInReferencesWins() {
        let reply = message(
            "From: \"Ana <x@evil>\" <ANA@example.org>\r\nReferences: <kith.2026-W48.older@kith.local> <other@x>\r\n"
                + " <\(Fixture.digestID)>"
        )
        #expect(gate.check(reply) == .success(Fixture.digestID))
    }

    @Test func noFromIsRefused() {
        #expect(gate.check(message("In-Reply-To: <\(Fixture.digestID)>")) == .failure(.notFromOwner(nil)))
    }

    @Test func aDisplayNameIsNotAnAddress() {
        let reply = message("From: \"ana@example.org\" <mallory@example.net>\r\nIn-Reply-To: <\(Fixture.digestID)>")
        #expect(gate.check(reply) == .failure(.notFromOwner("mallory@example.net")))
    }
}
