import Foundation
import KithCore
import KithCurl
import KithFormats
import KithTestSupport
import Testing

@testable import KithReplies

/// The reply mailbox against Debian's Dovecot on 127.0.0.1 (IMAPS, a test CA): replies appended as the
/// clients wrote them, read back, checked, and marked handled or left unread.
@Suite(.serialized) final class IMAPMailboxTests {
    let folder: URL
    let server: DovecotTestServer

    init() throws {
        CurlLibrary.initialize()
        folder = try TemporaryFolder.make("kith-imap")
        server = try DovecotTestServer(folder: folder)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func mailbox(password: String? = nil, caFile: String?? = nil) throws -> IMAPMailbox {
        var options = IMAPMailbox.Options(
            url: server.url(),
            username: server.user,
            password: password ?? server.password
        )
        options.caFile = caFile ?? server.caFile
        options.connectTimeout = 10
        options.timeout = 20
        return try IMAPMailbox(options)
    }

    @Test func repliesAreReadCheckedAndOnlyTheGoodOnesMarkedHandled() throws {
        let mailbox = try mailbox()
        var appended: [String: UInt32] = [:]
        for name in Fixture.clients + Fixture.forged {
            let uid = try #require(try mailbox.append(try Fixture.bytes(name)))
            appended[name] = uid
        }
        let unseen = try mailbox.unseen(after: nil)
        #expect(unseen.uids == appended.values.sorted())

        let gate = ReplyGate(digestMessageIDs: [Fixture.digestID], ownerEmails: ["ana@example.org"])
        var refused: [UInt32: ReplyGate.Refusal] = [:]
        for uid in unseen.uids {
            let bytes = try mailbox.fetch(uid: uid, uidValidity: unseen.uidValidity)
            switch gate.check(ReplyMessage(bytes)) {
            case .success:
                let commands = ReplyCommands(
                    body: ReplyMessage(bytes).text,
                    today: CivilDate(year: 2026, month: 11, day: 30),
                    itemCount: 5
                )
                #expect(!commands.commands.isEmpty)
                try mailbox.markHandled(uid: uid, uidValidity: unseen.uidValidity)
            case .failure(let refusal):
                refused[uid] = refusal
            }
        }
        #expect(
            refused == [
                appended["from-stranger"]!: .notFromOwner("mallory@example.net"),
                appended["no-digest-id"]!: .notAReplyToADigest,
                appended["auto-replied"]!: .automatic("auto-replied"),
            ]
        )
        // Fetching left every message unseen; only the handled ones are seen now.
        #expect(try mailbox.unseen(after: nil).uids == refused.keys.sorted())
    }

    @Test func theFetchedBytesAreTheAppendedOnes() throws {
        let mailbox = try mailbox()
        let bytes = try Fixture.bytes("html-only-1252")
        let uid = try #require(try mailbox.append(bytes))
        let unseen = try mailbox.unseen(after: nil)
        #expect(try mailbox.fetch(uid: uid, uidValidity: unseen.uidValidity) == bytes)
    }

    @Test func aMessageTooLargeToReadIsRefusedAndStaysUnseen() throws {
        let mailbox = try mailbox()
        var bytes = try Fixture.bytes("outlook")
        bytes += Array(repeating: UInt8(ascii: "x"), count: ReplyMessage.maximumBytes)
        let uid = try #require(try mailbox.append(bytes))
        let unseen = try mailbox.unseen(after: nil)
        do {
            _ = try mailbox.fetch(uid: uid, uidValidity: unseen.uidValidity)
            Issue.record("read a message over the limit")
        } catch {
            #expect(error.code == .tooLarge)
        }
        #expect(try mailbox.unseen(after: nil).uids == [uid])
    }

    @Test func onlyUIDsAboveTheMarkAndNoneForAnotherUIDValidity() throws {
        let mailbox = try mailbox()
        var uids: [UInt32] = []
        for name in ["gmail", "outlook", "apple-mail"] {
            uids.append(try #require(try mailbox.append(try Fixture.bytes(name))))
        }
        let all = try mailbox.unseen(after: nil)
        #expect(all.uids == uids)
        let mark = IMAPMailbox.Mark(uidValidity: all.uidValidity, uid: uids[0])
        #expect(try mailbox.unseen(after: mark).uids == Array(uids.dropFirst()))
        // Above the last UID: "N:*" still matches the last message, which must not come back.
        #expect(try mailbox.unseen(after: IMAPMailbox.Mark(uidValidity: all.uidValidity, uid: uids[2])).uids == [])
        // A mark from another mailbox under the same name counts for nothing.
        let stale = IMAPMailbox.Mark(uidValidity: all.uidValidity &+ 1, uid: uids[2])
        #expect(try mailbox.unseen(after: stale) == all)
        do {
            _ = try mailbox.fetch(uid: uids[0], uidValidity: all.uidValidity &+ 1)
            Issue.record("fetched a message with a stale UIDVALIDITY")
        } catch {
            #expect(error.code == .uidValidityChanged)
        }
        do {
            try mailbox.markHandled(uid: uids[0], uidValidity: all.uidValidity &+ 1)
            Issue.record("flagged a message with a stale UIDVALIDITY")
        } catch {
            #expect(error.code == .uidValidityChanged)
        }
        #expect(try mailbox.unseen(after: nil).uids == uids)
    }

    @Test func aMessageDeliveredIntoTheMaildirIsSeenOverIMAP() throws {
        let mailbox = try mailbox()
        let before = try mailbox.unseen(after: nil)
        #expect(before.uids.isEmpty)
        // As fetchmail or an MDA would: written to tmp/, then renamed into new/.
        let temporary = server.maildir.appendingPathComponent("tmp/1764490000.kith-test.host")
        try Data(try Fixture.bytes("thunderbird")).write(to: temporary)
        try FileManager.default.moveItem(
            at: temporary,
            to: server.maildir.appendingPathComponent("new/1764490000.kith-test.host")
        )
        let after = try mailbox.unseen(after: nil)
        #expect(after.uids.count == 1)
        let message = ReplyMessage(try mailbox.fetch(uid: after.uids[0], uidValidity: after.uidValidity))
        #expect(message.messageID == "6f0e1d2c-3b4a-5968-7a8b-9c0d1e2f3a4b@example.org")
    }

    @Test func aHandledReplyCanBeMovedToAFolder() throws {
        let mailbox = try mailbox()
        let uid = try #require(try mailbox.append(try Fixture.bytes("gmail")))
        try mailbox.createFolder("Kith \"handled\"")
        try mailbox.createFolder("Kith \"handled\"")
        let unseen = try mailbox.unseen(after: nil)
        try mailbox.markHandled(uid: uid, uidValidity: unseen.uidValidity, moveTo: "Kith \"handled\"")
        #expect(try mailbox.unseen(after: nil).uids == [])
        // Dovecot's fs layout keeps the folder beside new/ and cur/: the message is there, seen.
        let moved = try FileManager.default.contentsOfDirectory(
            atPath: server.maildir.appendingPathComponent("Kith \"handled\"/cur").path
        )
        #expect(moved.count == 1)
        #expect(moved.allSatisfy { $0.hasSuffix(":2,S") })
        #expect(IMAPMailbox.quoted("a\\b\"c") == "\"a\\\\b\\\"c\"")
    }

    @Test func aWrongPasswordIsALoginError() throws {
        let mailbox = try mailbox(password: "wrong")
        do {
            _ = try mailbox.unseen(after: nil)
            Issue.record("logged in with a wrong password")
        } catch {
            #expect(error.code == .login)
            #expect(!error.isTemporary)
        }
    }

    @Test func anUnknownCertificateIsATLSError() throws {
        let mailbox = try mailbox(caFile: .some(nil))
        do {
            _ = try mailbox.unseen(after: nil)
            Issue.record("read over an unverified connection")
        } catch {
            #expect(error.code == .tls)
        }
    }
}

/// What the mailbox accepts as a URL, and how it reads the server's replies, without a server.
@Suite struct IMAPMailboxURLTests {
    @Test(arguments: [
        "imap://127.0.0.1/INBOX", "https://127.0.0.1/INBOX", "imaps://127.0.0.1", "imaps://127.0.0.1/",
    ])
    func refusesURL(_ url: String) {
        do {
            _ = try IMAPMailbox(IMAPMailbox.Options(url: url, username: "a", password: "b"))
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.code == .badURL)
        }
    }

    @Test func plainIMAPOnlyWithLeave() throws {
        var options = IMAPMailbox.Options(url: "imap://127.0.0.1/INBOX", username: "a", password: "b")
        options.allowPlainIMAP = true
        #expect(try IMAPMailbox(options).options.url == "imap://127.0.0.1/INBOX")
    }

    @Test func readsServerReplies() {
        #expect(IMAPMailbox.searchResults(Array("* SEARCH 3 10 4\r\n".utf8)) == [3, 10, 4])
        #expect(IMAPMailbox.searchResults(Array("* SEARCH\r\n".utf8)) == [])
        #expect(IMAPMailbox.uidValidity(["* 2 EXISTS", "* OK [UIDVALIDITY 1796348944] UIDs valid"]) == 1_796_348_944)
        #expect(IMAPMailbox.uidValidity(["* OK [UIDNEXT 4]"]) == nil)
        let appended = IMAPMailbox.appendUID(["A004 OK [APPENDUID 38505 3955] APPEND completed"])
        #expect(appended?.0 == 38505 && appended?.1 == 3955)
    }
}
