import Testing

@testable import KithReplies

/// Headers, transfer encodings, charsets, multiparts and HTML, one rule at a time.
@Suite struct MessageDecodingTests {
    static let encodedWords: [(String, String)] = [
        ("=?UTF-8?Q?Kit=C3=A4_Ek?=", "Kitä Ek"),
        ("=?utf-8?q?Ana_Virtanen?= <ana@example.org>", "Ana Virtanen <ana@example.org>"),
        ("=?UTF-8?B?w4RpdsOk?=", "Äivä"),
        // RFC 2047 §6.2: the blanks between adjacent encoded words go, the others stay.
        ("=?UTF-8?Q?a?= =?UTF-8?Q?b?= c", "ab c"),
        ("=?ISO-8859-1?Q?K=E4rkk=E4?=", "Kärkkä"),
        ("=?windows-1252?Q?=93quoted=94?=", "“quoted”"),
        ("=?UTF-8*fi?Q?s=C3=A4?=", "sä"),
        ("not =?an encoded word", "not =?an encoded word"),
        ("=?UTF-8?X?unknown?=", "=?UTF-8?X?unknown?="),
        ("raw UTF-8 ä", "raw UTF-8 ä"),
    ]

    @Test(arguments: encodedWords)
    func decodesHeader(_ raw: String, _ decoded: String) {
        #expect(EncodedWords.decode(Array(raw.utf8)[...]) == decoded)
    }

    @Test func quotedPrintable() {
        let encoded = "caf=C3=A9 and a soft=\r\n break, = alone, =3D, trailing =  \r\nend"
        #expect(
            String(decoding: TransferEncoding.quotedPrintable(Array(encoded.utf8)[...]), as: UTF8.self)
                == "café and a soft break, = alone, =, trailing end"
        )
    }

    @Test func base64IgnoresLineBreaksAndStopsAtPadding() {
        #expect(TransferEncoding.base64(Array("aGVs\r\nbG8=\r\nignored".utf8)[...]) == Array("hello".utf8))
        #expect(TransferEncoding.base64(Array("".utf8)[...]) == [])
    }

    static let charsets: [([UInt8], String, String)] = [
        ([0x4B, 0xE4, 0x80], "iso-8859-1", "Kä€"),
        ([0x93, 0x41, 0x94], "windows-1252", "“A”"),
        ([0xA4, 0xBD], "iso-8859-15", "€œ"),
        ([0x41, 0x42], "us-ascii", "AB"),
        ([0xC3, 0xA4, 0xFF], "utf-8", "ä\u{FFFD}"),
        ([0xC3, 0xA4], "x-unknown", "ä"),
    ]

    @Test(arguments: charsets)
    func decodesCharset(_ bytes: [UInt8], _ charset: String, _ text: String) {
        #expect(Charset.decode(bytes, charset: charset) == text)
    }

    @Test func foldedHeadersAndLFOnlyMessages() {
        let message = ReplyMessage(
            Array("From: Ana\n Virtanen <ana@example.org>\nReferences: <a@x>\n\t<b@x>\n (comment) <c@x>\n\nbody\n".utf8)
        )
        #expect(message.from == "ana@example.org")
        #expect(message.references == ["a@x", "b@x", "c@x"])
        #expect(message.text == "body\n")
    }

    @Test func addressForms() {
        #expect(ReplyMessage.address("ana@example.org") == "ana@example.org")
        #expect(ReplyMessage.address("ANA@Example.org (Ana)") == "ana@example.org")
        #expect(ReplyMessage.address("\"Virtanen, Ana\" <ana@example.org>") == "ana@example.org")
        #expect(ReplyMessage.address("Ana Virtanen") == nil)
        #expect(ReplyMessage.address("<>") == nil)
    }

    @Test func nestedMultipartPrefersPlainAndSkipsAttachmentsAndForwards() {
        let message = """
            Content-Type: multipart/mixed; boundary=outer

            preamble
            --outer
            Content-Type: message/rfc822

            From: someone@else

            done 9
            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/html; charset=utf-8

            <p>html 1</p>
            --inner
            Content-Type: text/plain; charset=utf-8

            plain 1
            --inner--
            --outer
            Content-Type: text/plain
            Content-Disposition: attachment; filename=x.txt

            attached
            --outer--
            epilogue
            """
        let reply = ReplyMessage(Array(message.utf8))
        #expect(reply.text == "plain 1")
        #expect(!reply.textFromHTML)
    }

    @Test func aMultipartCutOffBeforeItsEndStillGivesItsText() {
        let message = "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\ndone 1\n"
        #expect(ReplyMessage(Array(message.utf8)).text == "done 1\n")
    }

    @Test func aMessageWithoutTextHasNone() {
        let message = "Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
        #expect(ReplyMessage(Array(message.utf8)).text == "")
    }

    @Test func flowedLinesAreJoined() {
        let text = "note 2 a long note that Thunderbird \nwrapped at seventy-two \ncolumns\n>quoted \n>more\n-- \nAna"
        #expect(
            FlowedText.unflow(text, deleteSpace: false)
                == "note 2 a long note that Thunderbird wrapped at seventy-two columns\n> quoted more\n-- \nAna"
        )
        #expect(FlowedText.unflow("ab \ncd", deleteSpace: true) == "abcd")
        #expect(FlowedText.unflow(" From space-stuffed", deleteSpace: false) == "From space-stuffed")
    }

    static let html: [(String, String)] = [
        ("<div>done 1</div><div>snooze 2 2w</div>", "done 1\nsnooze 2 2w"),
        ("done 1<br>done 2<br/><br>done 3", "done 1\ndone 2\n\ndone 3"),
        ("<p>a &amp; b &lt;c&gt; &#233;&#xE9; &nbsp;x&unknown;</p>", "a & b <c> éé  x&unknown;"),
        ("<html><head><title>T</title><style>p { x }</style></head><body>done 1</body></html>", "done 1"),
        (
            "done 1<blockquote type=\"cite\">done 2<blockquote>done 3</blockquote>done 4</blockquote>done 5",
            "done 1done 5"
        ),
        (
            "<div>done 1</div><div class=\"gmail_quote\"><div class=\"gmail_attr\">On … wrote:</div><div>done 2</div></div>",
            "done 1"
        ),
        ("<div>done 1</div><div class=\"moz-cite-prefix\">On 30/11 Kith wrote:<br></div>", "done 1"),
        ("<div>done 1</div><div id=\"divRplyFwdMsg\">From: Kith</div><div>done 2</div>", "done 1"),
        ("<div>done 1</div><div id=appendonsend></div><div>done 2</div>", "done 1"),
        ("<!-- done 9 -->done   1\n  spread\nover <b>lines</b>", "done 1 spread over lines"),
        ("a < b and <3", "a < b and <3"),
        ("a <b>bold</b> <3 <i>x</i>", "a bold <3 x"),
        ("<a title=\"x>y\" href=\"#\">link</a>", "link"),
    ]

    @Test(arguments: html)
    func htmlToText(_ html: String, _ text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    @Test func manyUnclosedAnglesCostOnePass() {
        let html = String(repeating: "<3 <a \"", count: 200_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = HTMLText.plainText(html) }
        // Quadratic, this would take minutes; one pass is well under a second even in a debug build.
        #expect(elapsed < .seconds(10))
    }
}
