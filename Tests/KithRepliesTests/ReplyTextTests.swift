import Testing

@testable import KithReplies

/// The sender's own lines, for each way clients mark what they quote.
@Suite struct ReplyTextTests {
    static let styles: [(String, String)] = [
        ("Gmail", "done 1\n\nOn Mon, Nov 30, 2026 at 8:00 AM Kith <kith@example.org> wrote:\n\n> done 2"),
        ("Gmail, wrapped", "done 1\nOn Mon, Nov 30, 2026 at 8:00 AM Kith <\nkith@example.org> wrote:\n> done 2"),
        (
            "Gmail, wrapped twice",
            "done 1\nOn Mon, Nov 30, 2026 at 8:00 AM Kith\nKith Digest <kith@example.org>\nwrote:\ndone 2"
        ),
        ("Gmail, German", "done 1\nAm Mo., 30. Nov. 2026 um 08:00 Uhr schrieb Kith <kith@example.org>:\ndone 2"),
        ("Apple Mail", "done 1\n\nOn 30 Nov 2026, at 08:00, Kith <kith@example.org> wrote:\n\ndone 2"),
        (
            "Apple Mail, quoted attribution",
            "done 1\n\n> On 30 Nov 2026, at 08:00, Kith <kith@example.org> wrote:\n> done 2"
        ),
        ("iOS Mail", "done 1\n\nSent from my iPhone\n\n> On 30 Nov 2026, at 08:00, Kith wrote:\n"),
        ("Thunderbird", "done 1\n\nOn 30/11/2026 08.00, Kith wrote:\n> done 2"),
        ("Thunderbird, French", "done 1\n\nLe 30/11/2026 à 08:00, Kith a écrit :\n> done 2"),
        ("Outlook", "done 1\n\n-----Original Message-----\nFrom: Kith\ndone 2"),
        ("Outlook, spaced", "done 1\n\n----- Original Message -----\nFrom: Kith\ndone 2"),
        (
            "Outlook, header block",
            "done 1\n\nFrom: Kith <kith@example.org>\nSent: Monday, November 30, 2026 8:00 AM\nTo: Ana\nSubject: Your week\n\ndone 2"
        ),
        (
            "Outlook, bold header block from HTML",
            "done 1\n*From:* Kith <kith@example.org>\n*Sent:* Monday\n*To:* Ana\n*Subject:* Your week\ndone 2"
        ),
        (
            "Outlook, German",
            "done 1\nVon: Kith <kith@example.org>\nGesendet: Montag, 30. November 2026 08:00\nAn: Ana\nBetreff: x\ndone 2"
        ),
        ("Outlook on the web", "done 1\n________________________________\nFrom: Kith\nSent: 30 November\ndone 2"),
        ("signature", "done 1\n-- \nAna Virtanen\ndone 2"),
        ("signature without its space", "done 1\n--\nAna\ndone 2"),
        ("Outlook mobile", "done 1\n\nGet Outlook for iOS\ndone 2"),
        ("forward", "done 1\n\nBegin forwarded message:\n\ndone 2"),
        ("Gmail forward", "done 1\n\n---------- Forwarded message ---------\ndone 2"),
    ]

    @Test(arguments: styles)
    func keepsOnlyTheNewText(_ style: String, _ body: String) {
        let lines = ReplyText.newLines(of: body).map(\.text).filter { !$0.isEmpty }
        #expect(lines == ["done 1"], "\(style)")
    }

    @Test func quotedLinesBetweenAnswersGoButTheAnswersStay() {
        let body = "> 1. Follow up with Aino\ndone 1\n\n> 2. Reconnect with Bo\nsnooze 2 2w\n"
        let lines = ReplyText.newLines(of: body)
        #expect(lines.map(\.text).filter { !$0.isEmpty } == ["done 1", "snooze 2 2w"])
        #expect(lines.filter { !$0.text.isEmpty }.map(\.number) == [2, 5])
    }

    @Test func aLineThatMerelyStartsWithOnIsKept() {
        let body = "note 1 On holiday until January\nOn second thought: done 2\n\nthanks"
        #expect(ReplyText.newLines(of: body).count == 4)
    }

    @Test func aFromLineAloneIsKept() {
        #expect(ReplyText.newLines(of: "note 1 from: the conference\nFrom: me\ndone 2").count == 3)
    }

    @Test func outlookForWindowsHTMLLosesItsHeaderBlock() {
        let html = """
            <html><body lang=EN-GB><div class=WordSection1><p class=MsoNormal>done 1<o:p></o:p></p>
            <p class=MsoNormal>snooze 2 1w<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>
            <p class=MsoNormal><b><span lang=EN-US>From:</span></b><span lang=EN-US> Kith &lt;kith@example.org&gt;
            <br><b>Sent:</b> Monday, November 30, 2026 8:00 AM<br><b>To:</b> Ana Virtanen<br>
            <b>Subject:</b> Your week in people<o:p></o:p></span></p></div>
            <p class=MsoNormal>done 3</p></div></body></html>
            """
        let lines = ReplyText.newLines(of: HTMLText.plainText(html)).map(\.text).filter { !$0.isEmpty }
        #expect(lines == ["done 1", "snooze 2 1w"])
    }
}
