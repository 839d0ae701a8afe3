import KithCore
import KithFormats
import Testing

@testable import KithReplies

/// Replies as Gmail, Outlook, Apple Mail, Thunderbird and Outlook on the web write them: read, their quotes
/// and signatures dropped, their commands found.
@Suite struct ClientReplyTests {
    static let today = CivilDate(year: 2026, month: 11, day: 30)

    static func day(_ text: String) -> DateExpression {
        DateExpression.parse(text, today: today, direction: .past)!
    }

    /// What each client's reply says, and the lines reported back.
    static let expected: [(String, [ReplyCommand], [String])] = [
        ("gmail", [.done(item: 2, note: "sent Aino the slides"), .snooze(item: 3, .duration(.days(14)))], []),
        ("outlook", [.met(item: 1, on: day("2026-11-29"), note: "lunch at Kärkkä"), .ignore(item: 4)], ["Ana"]),
        (
            "apple-mail",
            [
                .note(item: 2, text: "Aino moved to Tampere — visit in spring"),
                .snooze(item: 5, .until(DateExpression.parse("2027-01-15", today: today, direction: .future)!)),
            ],
            []
        ),
        ("thunderbird", [.every(item: 3, ConfigDuration(months: 2)), .done(item: 1, note: "met Bo at the café")], []),
        ("base64", [.help, .done(item: 4, note: "called Cem")], []),
        (
            "html-only-1252",
            [
                .snooze(item: 2, .duration(.days(21))), .note(item: 1, text: "likes “Finnish” tango & jazz"),
                .met(item: 3, on: day("2026-11-28"), note: nil),
            ],
            ["thanks — Ana"]
        ),
    ]

    @Test(arguments: expected)
    func readsClientReply(_ name: String, _ commands: [ReplyCommand], _ reported: [String]) throws {
        let message = ReplyMessage(try Fixture.bytes(name))
        let read = ReplyCommands(body: message.text, today: Self.today, itemCount: 5)
        #expect(read.commands == commands, "\(name): \(message.text)")
        #expect(read.problems.map(\.text) == reported)
        #expect(read.problems.allSatisfy { $0.problem.code == .unknownCommand })
    }

    @Test(arguments: Fixture.clients)
    func everyClientReplyPassesTheGate(_ name: String) throws {
        let message = ReplyMessage(try Fixture.bytes(name))
        let gate = ReplyGate(digestMessageIDs: ["<\(Fixture.digestID)>"], ownerEmails: ["ana@example.org"])
        #expect(gate.check(message) == .success(Fixture.digestID))
    }

    @Test func gmailHeaders() throws {
        let message = ReplyMessage(try Fixture.bytes("gmail"))
        #expect(message.from == "ana@example.org")
        #expect(message.subject == "Re: Your week in people — 30 Nov")
        #expect(message.messageID == "CAH+r2Q8Zk1vW0dYw0mU3Kp2XwF8s7yJb5t@mail.gmail.com")
        #expect(message.inReplyTo == [Fixture.digestID])
        #expect(!message.textFromHTML)
    }

    @Test func outlookFoldedMessageIDAndLatin1() throws {
        let message = ReplyMessage(try Fixture.bytes("outlook"))
        #expect(message.messageID == "AM9PR07MB7123ABCD0123456789ABCDEF@AM9PR07MB7123.eurprd07.prod.outlook.com")
        #expect(message.text.hasPrefix("met 1 yesterday lunch at Kärkkä\r\n"))
    }

    @Test func base64BodyAndEncodedWords() throws {
        let message = ReplyMessage(try Fixture.bytes("base64"))
        #expect(message.subject == "Re: Your week in people — 30 Nov")
        #expect(message.from == "ana@example.org")
        #expect(message.text.hasPrefix("help\r\ndone 4 called Cem"))
    }

    @Test func htmlOnlyDropsTheAttachmentAndOutlooksQuote() throws {
        let message = ReplyMessage(try Fixture.bytes("html-only-1252"))
        #expect(message.textFromHTML)
        #expect(message.text == "snooze 2 3w\nnote 1 likes “Finnish” tango & jazz\nmet 3 2026-11-28\nthanks — Ana")
        #expect(message.references == ["older-thread@example.org", Fixture.digestID])
    }

    @Test func thunderbirdSignatureEndsTheReply() throws {
        let message = ReplyMessage(try Fixture.bytes("thunderbird"))
        let lines = ReplyText.newLines(of: message.text).map(\.text).filter { !$0.isEmpty }
        #expect(lines == ["every 3 2mo", "done 1 met Bo at the café"])
    }
}
