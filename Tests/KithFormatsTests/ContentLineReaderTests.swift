import Testing

@testable import KithFormats

@Suite struct ContentLineReaderTests {
    @Test(arguments: ["\r\n", "\n", "\r"])
    func lineEndsAndFolding(ending: String) {
        let text = ["BEGIN:VEVENT", "SUMMARY:Coffee with", "  Aino", "END:VEVENT"].joined(separator: ending)
        let (lines, diagnostics) = Fixture.lines(text)
        #expect(lines.map(\.name) == ["BEGIN", "SUMMARY", "END"])
        #expect(lines[1].text == "Coffee with Aino")
        #expect(lines[2].line == 4)
        #expect(diagnostics.isEmpty)
    }

    @Test func foldInsideMultiByteCharacterJoinsUp() {
        // "ä" is C3 A4; the fold falls between its two bytes.
        var bytes = Array("SUMMARY:P".utf8) + [0xC3] + Array("\r\n ".utf8) + [0xA4] + Array("iv\u{E4}\r\n".utf8)
        bytes = Array("BEGIN:X\r\n".utf8) + bytes
        let (lines, diagnostics) = Fixture.lines(bytes: bytes)
        #expect(lines[1].text == "Päivä")
        #expect(diagnostics.isEmpty)
    }

    @Test func parametersQuotedCaretAndGroups() {
        let text = "item1.EMAIL;TYPE=work,pref;X-LABEL=\"a;b:c\";CN=George Herman ^'Babe^' Ruth^nJr:ana@example.org"
        let (lines, _) = Fixture.lines(text + "\n")
        let line = lines[0]
        #expect(line.group == "item1")
        #expect(line.name == "EMAIL")
        #expect(line.parameterValues("TYPE") == ["work", "pref"])
        #expect(line.parameter("X-LABEL") == "a;b:c")
        #expect(line.parameter("CN") == "George Herman \"Babe\" Ruth\nJr")
        #expect(line.rawText == "ana@example.org")
        #expect(line.valueColumn == text.utf8.count - "ana@example.org".utf8.count + 1)
    }

    @Test func vCard21BareParametersBecomeTypeOrEncoding() {
        let (lines, _) = Fixture.lines("TEL;HOME;VOICE:123\nNOTE;QUOTED-PRINTABLE:a=3Db\n")
        #expect(lines[0].parameterValues("TYPE") == ["HOME", "VOICE"])
        #expect(lines[1].parameter("ENCODING") == "QUOTED-PRINTABLE")
    }

    @Test func byteOrderMarksAndUTF16() {
        let utf8 = Fixture.lines(bytes: [0xEF, 0xBB, 0xBF] + Array("FN:Zoë\n".utf8))
        #expect(utf8.lines.first?.text == "Zoë")
        #expect(utf8.diagnostics.map(\.code) == [.byteOrderMark])

        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "FN:Zoë\r\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let converted = Fixture.lines(bytes: utf16)
        #expect(converted.lines.first?.text == "Zoë")
        #expect(converted.diagnostics.map(\.code) == [.utf16])
    }

    @Test func invalidUTF8IsDecodedAsWindows1252AndReported() {
        let bytes = Array("BEGIN:X\nSUMMARY:Caf".utf8) + [0xE9, 0x20, 0x80] + Array("\nEND:X\n".utf8)
        let (lines, diagnostics) = Fixture.lines(bytes: bytes)
        #expect(lines[1].text == "Café €")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].code == .invalidUTF8)
        #expect(diagnostics[0].line == 2)
        #expect(diagnostics[0].description.hasPrefix("test:2:9: warning:"))
    }

    @Test func charsetParameterDecodesEightBitValues() {
        // "ロ" in Shift_JIS is 0x83 0x8D.
        let bytes = Array("N;CHARSET=SHIFT_JIS:".utf8) + [0x83, 0x8D] + Array(";;;;\n".utf8)
        let (lines, diagnostics) = Fixture.lines(bytes: bytes)
        #expect(lines[0].rawText == "ロ;;;;")
        #expect(diagnostics.isEmpty)
    }

    @Test func brokenLinesAreSkippedAndReported() {
        let (lines, diagnostics) = Fixture.lines("BEGIN:X\n# comment\nX-BAD/SLASH:1\nGOOD:1\nEND:X\n")
        #expect(lines.map(\.name) == ["BEGIN", "GOOD", "END"])
        #expect(diagnostics.map(\.code) == [.missingColon, .badPropertyName])
        #expect(diagnostics.map(\.line) == [2, 3])
    }

    @Test func quotedPrintableSoftBreaksJoin() {
        let (lines, _) = Fixture.lines(
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Now's the time =\nfor all=\n folk\nFN:x\n"
        )
        #expect(lines.count == 2)
        let decoded = TextEncoding.decodeQuotedPrintable(lines[0].value)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "Now's the time for all folk")
    }

    @Test func textUnescaping() {
        #expect(ValueText.unescape(Array(#"a\,b\;c\nd\\e\:f"#.utf8)) == "a,b;c\nd\\e\\:f")
    }
}
