/// Reads the cards of a vCard file (RFC 2426, RFC 6350, and the vCard 2.1 that phones still write).
package enum VCardReader {
    /// Every card in the file. Never fails: what cannot be read is reported in `log` and skipped.
    package static func parse(_ source: SourceText, log: inout DiagnosticLog) -> (cards: [VCard], components: Int) {
        var cards: [VCard] = []
        var components = 0
        var reader = ContentLineReader(source)
        var walker = ComponentWalker()
        /// The card being read (a top-level VCARD), nil between cards; its properties, and where their values
        /// stand for diagnostics, gathered in arrays that are reused from card to card.
        var card: VCard? = nil
        var properties: [VCard.Property] = []
        var positions: [(line: Int, column: Int)] = []
        var storage = reader.storage()
        while let step = walker.next(&reader, log: &log) {
            switch step {
            case .begin(let name, let line):
                if name == "VCARD", walker.open.count == 1 {
                    card = VCard(line: line)
                    properties.removeAll(keepingCapacity: true)
                    positions.removeAll(keepingCapacity: true)
                }
            case .property(let span):
                // vCard 2.1 AGENT may nest a card; it describes someone else's assistant, not a contact.
                guard walker.open.count == 1, card != nil, isKept(span, reader: reader) else { continue }
                var value = span.value
                if span.transferEncoding == .quotedPrintable, span.kind != .version, span.kind != .revision,
                    span.kind != .photo
                {
                    value = reader.store(decodedBytes(reader.contentLine(span), log: &log))
                }
                if let property = VCard.property(span, value: value) {
                    properties.append(property)
                    positions.append((span.line, span.valueColumn))
                }
            case .end(let name, let line):
                components += 1
                guard walker.open.isEmpty else { continue }
                if var finished = card {
                    // The bytes so far, shared; made anew only when the reader has decoded more values.
                    if storage.extra.count != reader.extraCount { storage = reader.storage() }
                    finished.storage = storage
                    finished.properties = Array(properties)
                    check(finished, positions: positions, log: &log)
                    cards.append(finished)
                    card = nil
                } else {
                    log.warning(.bareComponent, "\(name) is not a VCARD; skipped", line: line)
                }
            }
        }
        // Every card gets the final bytes (with all the decoded values), shared.
        if storage.extra.count != reader.extraCount {
            storage = reader.storage()
            for index in cards.indices { cards[index].storage = storage }
        }
        return (cards, components)
    }

    /// Whether a card needs the property: the ones `VCard` reads, and every X- property.
    private static func isKept(_ span: LineSpan, reader: ContentLineReader) -> Bool {
        switch span.kind {
        case .version, .formattedName, .name, .nickname, .email, .telephone, .organization, .title, .birthday,
            .anniversary, .xAnniversary, .appleDate, .appleLabel, .categories, .note, .uid, .revision, .photo, .url:
            return true
        default:
            guard span.nameEnd - span.nameStart >= 2 else { return false }
            return reader.withBytes(span.nameStart..<(span.nameStart + 2)) {
                ASCII.upper($0[0]) == UInt8(ascii: "X") && $0[1] == UInt8(ascii: "-")
            }
        }
    }

    /// Reports what is wrong with a card's values: dates that are none, inline photos that are not base64,
    /// a missing VERSION.
    private static func check(_ card: VCard, positions: [(line: Int, column: Int)], log: inout DiagnosticLog) {
        let birthday = card.properties.firstIndex { $0.kind == .birthday }
        let anniversary = card.anniversaryIndex
        let photo = card.properties.firstIndex { $0.kind == .photo }
        for (index, property) in card.properties.enumerated() {
            if property.kind == .appleDate || index == birthday || index == anniversary {
                let (date, isText) = card.date(property)
                if isText, case .text(let value) = date {
                    log.warning(
                        .badDate,
                        "\(card.name(of: property)) \"\(value)\" is not a date; kept as text",
                        line: positions[index].line,
                        column: positions[index].column
                    )
                }
            }
            if index == photo, case .inline(let encoded) = card.photo, TextEncoding.base64DecodedCount(encoded) == nil {
                log.warning(
                    .badBase64,
                    "PHOTO data is not well-formed base64 (truncated?); its size is unknown",
                    line: positions[index].line,
                    column: positions[index].column
                )
            }
        }
        if !card.hasVersion {
            log.warning(.missingVersion, "VCARD has no VERSION; read as vCard 3.0", line: card.line)
        }
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
            "\(property.name): quoted-printable text is not valid UTF-8; bytes that are not UTF-8 read as Windows-1252",
            line: property.line,
            column: property.valueColumn
        )
        var output: [UInt8] = []
        TextEncoding.repairUTF8(bytes, into: &output)
        return output[...]
    }

}
