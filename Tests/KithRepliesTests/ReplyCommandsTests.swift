import KithCore
import KithFormats
import Testing

@testable import KithReplies

@Suite struct ReplyCommandsTests {
    /// A Friday.
    let today = CivilDate(year: 2026, month: 12, day: 4)

    /// A written day, as the parser gives it.
    static func day(_ text: String) -> DateExpression {
        DateExpression.parse(text, today: CivilDate(year: 2026, month: 12, day: 4), direction: .past)!
    }

    func parse(_ line: String, items: Int = 5) -> Result<ReplyCommand, ReplyProblem> {
        let commands = ReplyCommands(body: line, today: today, itemCount: items)
        return commands.entries[0].result
    }

    static let accepted: [(String, ReplyCommand)] = [
        ("done 2", .done(item: 2, note: nil)),
        ("DONE 2 sent her the slides", .done(item: 2, note: "sent her the slides")),
        ("Done #3.", .done(item: 3, note: nil)),
        (
            "met 1 2026-11-30 coffee at Ateljee",
            .met(item: 1, on: Self.day("2026-11-30"), note: "coffee at Ateljee")
        ),
        ("met 1 yesterday", .met(item: 1, on: Self.day("2026-12-03"), note: nil)),
        // Looking back, "monday" is the last one on or before today.
        ("met 4 monday", .met(item: 4, on: Self.day("2026-11-30"), note: nil)),
        ("met 4 -2w", .met(item: 4, on: Self.day("2026-11-20"), note: nil)),
        ("snooze 3 2w", .snooze(item: 3, .duration(ConfigDuration.days(14)))),
        ("Snooze 3 1mo", .snooze(item: 3, .duration(ConfigDuration(months: 1)))),
        // Looking ahead, "friday" on a Friday is a week away.
        (
            "snooze 3 until friday",
            .snooze(item: 3, .until(Self.day("2026-12-11")))
        ),
        (
            "snooze 3 UNTIL 2027-01-15",
            .snooze(item: 3, .until(Self.day("2027-01-15")))
        ),
        ("ignore 5", .ignore(item: 5)),
        ("note 2 moved to Tampere in November", .note(item: 2, text: "moved to Tampere in November")),
        ("every 1 3w", .every(item: 1, ConfigDuration.days(21))),
        ("help", .help),
        ("  HELP  ", .help),
    ]

    @Test(arguments: accepted)
    func readsCommand(_ line: String, _ expected: ReplyCommand) {
        #expect(parse(line) == .success(expected))
    }

    static let refused: [(String, ReplyProblem.Code)] = [
        ("thanks, will do!", .unknownCommand),
        ("done", .badItem),
        ("done two", .badItem),
        ("done 9", .noSuchItem),
        ("done 0", .noSuchItem),
        ("met 2", .badDate),
        ("met 2 last tuesday", .badDate),
        ("snooze 3", .badDuration),
        ("snooze 3 fortnight", .badDuration),
        ("snooze 3 friday", .badDuration),
        ("snooze 3 until", .badDate),
        ("snooze 3 until someday", .badDate),
        ("snooze 3 2w please", .extraWords),
        ("ignore 5 forever", .extraWords),
        ("note 2", .missingText),
        ("every 1", .badDuration),
        ("every 1 often", .badDuration),
    ]

    @Test(arguments: refused)
    func reportsLine(_ line: String, _ code: ReplyProblem.Code) throws {
        guard case .failure(let problem) = parse(line) else {
            Issue.record("\"\(line)\" was read as a command")
            return
        }
        #expect(problem.code == code)
        #expect(!problem.message.isEmpty)
    }

    @Test func snoozeWithADaySaysHowToWriteIt() {
        guard case .failure(let problem) = parse("snooze 3 friday") else {
            Issue.record("read as a command")
            return
        }
        #expect(problem.message.contains("snooze 3 until friday"))
    }

    @Test func manyCommandsBlankLinesAndTheQuotedRest() {
        let body = """
            done 1

            snooze 2 3w
            bogus line
            note 3 likes climbing

            On Mon, Nov 30, 2026 at 8:00 AM Kith <kith@example.org> wrote:
            > 1. Follow up with Aino
            > done 4
            """
        let commands = ReplyCommands(body: body, today: today, itemCount: 5)
        #expect(
            commands.commands == [
                .done(item: 1, note: nil), .snooze(item: 2, .duration(ConfigDuration.days(21))),
                .note(item: 3, text: "likes climbing"),
            ]
        )
        #expect(commands.problems.map(\.line) == [4])
        #expect(commands.problems.map(\.problem.code) == [.unknownCommand])
    }

    @Test func theReportQuotesEachLineNotUnderstood() {
        let commands = ReplyCommands(body: "done 1\n\nsnooze 3 friday\nhello", today: today, itemCount: 5)
        #expect(
            commands.report == """
                line 3: "snooze 3 friday"
                  "friday" is a day: write snooze 3 until friday
                line 4: "hello"
                  not a command; write one of: done N [note], met N DATE [note], snooze N DURATION, \
                snooze N until DATE, ignore N, note N TEXT, every N DURATION, help
                """
        )
        #expect(ReplyCommands(body: "done 1", today: today, itemCount: 5).report == "")
    }
}
