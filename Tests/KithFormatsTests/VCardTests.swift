import Testing

@testable import KithFormats

@Suite struct VCardTests {
    @Test(arguments: [
        ("BDAY:1988-12-03", "1988-12-03"), ("BDAY:19881203", "1988-12-03"), ("BDAY:--1203", "--12-03"),
        ("BDAY:--12-03", "--12-03"), ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-03", "--12-03"),
        ("BDAY:1604-12-03", "--12-03"), ("BDAY:0000-02-29", "--02-29"), ("BDAY;VALUE=text:circa 1800", "circa 1800"),
        ("BDAY:1988-12-03T00:00:00Z", "1988-12-03"),
    ])
    func birthdays(line: String, expected: String) {
        let document = Fixture.cards("BEGIN:VCARD\nVERSION:4.0\nFN:A\n\(line)\nEND:VCARD\n")
        #expect(document.cards.first?.birthday?.description == expected)
    }

    @Test func everyFieldOfAPhoneExport() {
        let text = """
            BEGIN:VCARD
            VERSION:2.1
            N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=85berg;Ana;;;
            FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ana =C3=85berg
            EMAIL;INTERNET;WORK:Ana@Example.ORG
            EMAIL;HOME:ana@home.example
            TEL;CELL:+46 70 123
            ORG:Acme AB;Sales
            TITLE:Seller
            NOTE:Likes sailing\\, and fika.
            CATEGORIES:Clients,Friends
            item1.X-ABDATE:2015-06-20
            item1.X-ABLabel:_$!<Anniversary>!$_
            X-CUSTOM:kept
            PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ
            URL:https://example.org/ana
            UID:ana-1
            REV:20260101T000000Z
            END:VCARD

            """
        let document = Fixture.cards(text)
        let card = try! #require(document.cards.first)
        #expect(card.formattedName == "Ana Åberg")
        #expect(card.name == ["Åberg", "Ana", "", "", ""])
        #expect(card.emailAddresses == ["ana@example.org", "ana@home.example"])
        #expect(card.emails[0].types == ["INTERNET", "WORK"])
        #expect(card.telephones.map(\.value) == ["+46 70 123"])
        #expect(card.organization == ["Acme AB", "Sales"])
        #expect(card.note == "Likes sailing, and fika.")
        #expect(card.categories == ["Clients", "Friends"])
        #expect(card.anniversary?.description == "2015-06-20")
        #expect(card.labelledDates.first?.label == "Anniversary")
        #expect(card.extensions.map(\.name) == ["X-ABDATE", "X-ABLABEL", "X-CUSTOM"])
        #expect(card.photo?.inlineSize == 6)
        #expect(card.urls == ["https://example.org/ana"])
        #expect(card.uid == "ana-1")
        #expect(card.revision == "20260101T000000Z")
        #expect(document.diagnostics.isEmpty)
    }

    @Test func brokenCardCostsOnlyItself() {
        let text =
            "BEGIN:VCARD\nVERSION:3.0\nFN:First\nBEGIN:VCARD\nVERSION:3.0\nFN:Second\nEND:VCARD\nEND:VCARD\n"
            + "END:VCARD\nBEGIN:VCARD\nFN:Third\nEND:VCARD\n"
        let document = Fixture.cards(text)
        #expect(document.cards.map(\.formattedName) == ["First", "Third"])
        #expect(document.diagnostics.map(\.code) == [.unbalancedEnd, .missingVersion])
    }
}
