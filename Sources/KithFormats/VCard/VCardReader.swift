/// Reads the cards of a vCard file (RFC 2426, RFC 6350, and the vCard 2.1 that phones still write).
package enum VCardReader {
    /// Every card in the file. Never fails: what cannot be read is reported in `log` and skipped.
    package static func parse(_ source: SourceText, log: inout DiagnosticLog) -> (cards: [VCard], components: Int) {
        var cards: [VCard] = []
        var components = 0
        var reader = ContentLineReader(source)
        var walker = ComponentWalker()
        /// The lines of the card being read (a top-level VCARD), nil between cards.
        var cardLines: [ContentLine]? = nil
        while let step = walker.next(&reader, log: &log) {
            switch step {
            case .begin(let name, _):
                if name == "VCARD", walker.open.count == 1 { cardLines = [] }
            case .property(let span):
                // vCard 2.1 AGENT may nest a card; it describes someone else's assistant, not a contact.
                if walker.open.count == 1, cardLines != nil { cardLines!.append(reader.contentLine(span)) }
            case .end(let name, let line):
                components += 1
                guard walker.open.isEmpty else { continue }
                if let lines = cardLines {
                    cards.append(card(from: lines, line: line, log: &log))
                    cardLines = nil
                } else {
                    log.warning(.bareComponent, "\(name) is not a VCARD; skipped", line: line)
                }
            }
        }
        return (cards, components)
    }

    static func card(from properties: [ContentLine], line: Int, log: inout DiagnosticLog) -> VCard {
        var card = VCard(line: line)
        var labels: [String: String] = [:]
        for property in properties where property.kind == .appleLabel {
            if let group = property.group?.lowercased() { labels[group] = text(property, log: &log) }
        }
        for property in properties {
            switch property.kind {
            case .version: card.version = String(decoding: ContentLine.trimmed(property.value), as: UTF8.self)
            case .formattedName: if card.formattedName == nil { card.formattedName = text(property, log: &log) }
            case .name:
                if card.name == nil {
                    var parts = structured(property, log: &log)
                    while parts.count < 5 { parts.append("") }
                    card.name = Array(parts.prefix(5))
                }
            case .nickname:
                card.nicknames.append(contentsOf: list(property, log: &log))
            case .email:
                var address = trimmedText(property, log: &log)
                if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
                if !address.isEmpty { card.emails.append(TypedValue(value: address, types: types(property))) }
            case .telephone:
                var number = trimmedText(property, log: &log)
                if number.lowercased().hasPrefix("tel:") { number = String(number.dropFirst(4)) }
                card.telephones.append(TypedValue(value: number, types: types(property)))
            case .organization:
                if card.organization == nil {
                    // Trailing empty units ("ORG:Acme;") name nothing.
                    var units = structured(property, log: &log)
                    while units.count > 1, units.last?.isEmpty == true { units.removeLast() }
                    card.organization = units
                }
            case .title: if card.title == nil { card.title = text(property, log: &log) }
            case .birthday:
                if card.birthdayText == nil {
                    let value = text(property, log: &log)
                    card.birthdayText = value
                    card.birthday = date(property, text: value, log: &log)
                }
            case .anniversary, .xAnniversary:
                readAnniversary(property, into: &card, log: &log)
            case .other where property.name == "X-MS-ANNIVERSARY" || property.name == "X-EVOLUTION-ANNIVERSARY":
                readAnniversary(property, into: &card, log: &log)
            case .appleDate:
                let value = text(property, log: &log)
                let parsed = date(property, text: value, log: &log)
                let label = property.group.flatMap { labels[$0.lowercased()] }
                if let parsed { card.labelledDates.append((label.map(appleLabel), parsed)) }
                if card.anniversaryText == nil, let label, label.lowercased().contains("anniversary") {
                    card.anniversaryText = value
                    card.anniversary = parsed
                }
            case .categories:
                for category in list(property, log: &log) where !card.categories.contains(category) {
                    card.categories.append(category)
                }
            case .note: if card.note == nil { card.note = text(property, log: &log) }
            case .uid: if card.uid == nil { card.uid = text(property, log: &log) }
            case .revision:
                if card.revision == nil {
                    card.revision = String(decoding: ContentLine.trimmed(property.value), as: UTF8.self)
                }
            case .photo:
                if card.photo == nil {
                    let photo = photo(property)
                    if case .inline(let encoded) = photo, TextEncoding.base64DecodedCount(encoded) == nil {
                        log.warning(
                            .badBase64,
                            "PHOTO data is not well-formed base64 (truncated?); its size is unknown",
                            line: property.line,
                            column: property.valueColumn
                        )
                    }
                    card.photo = photo
                }
            case .url: card.urls.append(text(property, log: &log))
            default: break
            }
            if property.name.utf8.starts(with: "X-".utf8) {
                card.extensions.append(
                    ExtensionProperty(group: property.group, name: property.name, value: text(property, log: &log))
                )
            }
        }
        if card.version == nil {
            log.warning(.missingVersion, "VCARD has no VERSION; read as vCard 3.0", line: line)
        }
        return card
    }

    private static func readAnniversary(_ property: ContentLine, into card: inout VCard, log: inout DiagnosticLog) {
        guard card.anniversaryText == nil else { return }
        let value = text(property, log: &log)
        card.anniversaryText = value
        card.anniversary = date(property, text: value, log: &log)
    }

    // MARK: - Values

    /// The value's bytes after quoted-printable and charset decoding (vCard 2.1), still TEXT-escaped.
    static func decodedBytes(_ property: ContentLine, log: inout DiagnosticLog) -> ArraySlice<UInt8> {
        guard property.transferEncoding == .quotedPrintable else { return property.value }
        let (bytes, malformed) = TextEncoding.decodeQuotedPrintable(property.value)
        if malformed {
            log.warning(
                .badQuotedPrintable,
                "\(property.name): malformed quoted-printable kept as written",
                line: property.line,
                column: property.valueColumn
            )
        }
        if let charset = property.parameter("CHARSET"), let converted = TextEncoding.transcode(bytes, charset: charset)
        {
            return converted[...]
        }
        if TextEncoding.isValidUTF8(bytes) { return bytes[...] }
        log.warning(
            .invalidUTF8,
            "\(property.name): quoted-printable text is not valid UTF-8; decoded as Windows-1252",
            line: property.line,
            column: property.valueColumn
        )
        var output: [UInt8] = []
        Windows1252.transcode(bytes, into: &output)
        return output[...]
    }

    static func text(_ property: ContentLine, log: inout DiagnosticLog) -> String {
        ValueText.unescape(decodedBytes(property, log: &log))
    }

    /// A `;`-separated value (N, ORG), each part unescaped.
    static func structured(_ property: ContentLine, log: inout DiagnosticLog) -> [String] {
        ValueText.split(decodedBytes(property, log: &log), on: UInt8(ascii: ";")).map(ValueText.unescape)
    }

    /// A `,`-separated list (CATEGORIES, NICKNAME), trimmed, empty items dropped.
    static func list(_ property: ContentLine, log: inout DiagnosticLog) -> [String] {
        ValueText.split(decodedBytes(property, log: &log), on: UInt8(ascii: ",")).map {
            ValueText.unescape($0).trimmingSpaces()
        }.filter { !$0.isEmpty }
    }

    /// TYPE values, upper-cased, also when one value lists several (`TYPE="work,pref"`); read on the bytes.
    static func types(_ property: ContentLine) -> [String] {
        var types: [String] = []
        ParameterSyntax.walk(property.parameterBytes) { name, value, _ in
            guard ParameterSyntax.matches(name, value: value, "TYPE") else { return }
            for part in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                types.append(ASCII.uppercased(part))
            }
        }
        return types
    }

    /// TEXT with blanks around it removed, trimmed on the bytes before any String is made.
    static func trimmedText(_ property: ContentLine, log: inout DiagnosticLog) -> String {
        ValueText.unescape(ContentLine.trimmed(decodedBytes(property, log: &log)))
    }

    /// Apple writes its built-in labels as `_$!<Anniversary>!$_`.
    static func appleLabel(_ label: String) -> String {
        guard label.hasPrefix("_$!<"), label.hasSuffix(">!$_") else { return label }
        return String(label.dropFirst(4).dropLast(4))
    }

    static func photo(_ property: ContentLine) -> VCardPhoto {
        if property.transferEncoding == .base64 {
            return .inline(encoded: property.value)
        }
        let value = property.value
        if value.count > 5, ASCII.equalsUpper(value.prefix(5), "DATA:"),
            let comma = value.firstIndex(of: UInt8(ascii: ","))
        {
            return .inline(encoded: value[(comma + 1)...])
        }
        return .uri(property.rawText.trimmingSpaces())
    }

    /// Reads a date of a card: full dates, `--MMDD`/`--MM-DD`, Apple's year 1604 or
    /// `X-APPLE-OMIT-YEAR`, year 0000; anything else (and `VALUE=text`) is kept as text.
    static func date(_ property: ContentLine, text: String, log: inout DiagnosticLog) -> VCardDate? {
        let value = text.trimmingSpaces()
        if value.isEmpty { return nil }
        if property.hasParameter("VALUE", value: "TEXT") { return .text(value) }
        let bytes = Array(value.utf8)
        var digits: [Int] = []
        var index = 0
        var noYear = false
        if bytes.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) {
            noYear = true
            index = 2
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: "T") {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                digits.append(Int(byte - 0x30))
            } else if byte != UInt8(ascii: "-") {
                break
            }
            index += 1
        }
        let trailingOK = index == bytes.count || bytes[index] == UInt8(ascii: "T")
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
        if trailingOK, noYear, digits.count == 4 {
            let month = number(0..<2)
            let day = number(2..<4)
            if CivilDate(year: 2000, month: month, day: day).isValid { return .monthDay(month: month, day: day) }
        }
        if trailingOK, !noYear, digits.count == 8 {
            let year = number(0..<4)
            let month = number(4..<6)
            let day = number(6..<8)
            let omitted = property.parameter("X-APPLE-OMIT-YEAR").flatMap { Int($0) }
            let probe = CivilDate(year: year == 0 || year == 1604 ? 2000 : year, month: month, day: day)
            if probe.isValid {
                if year == 0 || year == 1604 || omitted == year { return .monthDay(month: month, day: day) }
                return .date(CivilDate(year: year, month: month, day: day))
            }
        }
        log.warning(
            .badDate,
            "\(property.name) \"\(value)\" is not a date; kept as text",
            line: property.line,
            column: property.valueColumn
        )
        return .text(value)
    }
}
