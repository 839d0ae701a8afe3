/// A BDAY, ANNIVERSARY or X-ABDATE value (RFC 6350 §4.3.1, §6.2.5, §6.2.6).
package enum VCardDate: Sendable, Hashable, CustomStringConvertible {
    /// A full date.
    case date(CivilDate)
    /// A month and day without a year (`--MMDD`, `--MM-DD`, Apple's year 1604, or year 0000).
    case monthDay(month: Int, day: Int)
    /// Free text (`VALUE=text`, or a value that is no date), kept as written.
    case text(String)

    /// `YYYY-MM-DD`, `--MM-DD`, or the text.
    package var description: String {
        switch self {
        case .date(let date): return date.description
        case .monthDay(let month, let day): return "--\(CivilDate.pad(month, 2))-\(CivilDate.pad(day, 2))"
        case .text(let text): return text
        }
    }
}

/// A PHOTO: inline data (size known without decoding) or a URI.
package enum VCardPhoto: Sendable, Hashable {
    /// Inline base64 (vCard 2.1/3.0 `ENCODING=b`, or a vCard 4.0 `data:` URI): the still-encoded text.
    case inline(encoded: ArraySlice<UInt8>)
    case uri(String)

    /// The decoded size in bytes of inline data; nil for a URI or data that is not base64.
    package var inlineSize: Int? {
        guard case .inline(let encoded) = self else { return nil }
        return TextEncoding.base64DecodedCount(encoded)
    }

    /// Decodes inline data; nil for a URI or for data that is not base64.
    package func decoded() -> [UInt8]? {
        guard case .inline(let encoded) = self else { return nil }
        return TextEncoding.decodeBase64(encoded)
    }
}

/// A value with its `TYPE`s, such as an e-mail address or telephone number.
package struct TypedValue: Sendable, Hashable {
    package var value: String
    /// Upper-cased TYPE values (`WORK`, `HOME`, `PREF`, …).
    package var types: [String]
}

/// A property this reader does not interpret (X- properties among them), kept as text.
package struct ExtensionProperty: Sendable, Hashable {
    package var group: String?
    package var name: String
    package var value: String
}

/// One contact card (vCard 2.1, 3.0 or 4.0).
///
/// A card keeps its properties as ranges into the file's bytes and decodes a field when it is asked for: an
/// address book of tens of thousands of cards then takes little more memory than its file. The reader has
/// already checked every value it keeps and reported what is wrong, and has decoded quoted-printable text.
package struct VCard: Sendable {
    /// One property of the card, located in `storage`.
    package struct Property: Sendable {
        /// Where the line starts: the group, if any, then the name, then the parameters.
        fileprivate var lineStart: UInt32
        fileprivate var groupLength: UInt16
        fileprivate var nameLength: UInt16
        fileprivate var parametersLength: UInt32
        /// The value, still TEXT-escaped; quoted-printable already decoded (base64 is not).
        fileprivate var value: TextRange
        package var kind: PropertyKind
        fileprivate var isBase64: Bool
    }

    package var storage = TextStorage.empty
    package var properties: [Property] = []
    /// Physical line of its BEGIN:VCARD.
    package var line: Int

    package init(line: Int) { self.line = line }

    /// Records a property read from `span`, with its value at `value` (which differs from the span's when
    /// the reader decoded it). Nil when its name or parameters are too long to record (no real card has them).
    static func property(_ span: LineSpan, value: Range<Int>) -> Property? {
        let groupLength = span.hasGroup ? span.nameStart - 1 - span.groupStart : 0
        let nameLength = span.nameEnd - span.nameStart
        guard groupLength <= UInt16.max, nameLength <= UInt16.max, span.parameters.count <= UInt32.max,
            span.parameters.isEmpty || span.parameters.lowerBound == span.nameEnd
        else { return nil }
        return Property(
            lineStart: UInt32(truncatingIfNeeded: span.groupStart),
            groupLength: span.hasGroup ? UInt16(groupLength + 1) : 0,
            nameLength: UInt16(nameLength),
            parametersLength: UInt32(span.parameters.count),
            value: TextRange(value),
            kind: span.kind,
            isBase64: span.transferEncoding == .base64
        )
    }

    // MARK: - Fields

    /// VERSION (the last one written).
    package var version: String? { last(.version).map { trimmedRaw($0) } }

    /// FN.
    package var formattedName: String? { first(.formattedName).map(text) }

    /// N: family, given, additional, prefixes, suffixes (always five, possibly empty).
    package var name: [String]? {
        first(.name).map { property in
            var parts = structured(property)
            while parts.count < 5 { parts.append("") }
            return Array(parts.prefix(5))
        }
    }

    package var nicknames: [String] { all(.nickname).flatMap(list) }

    package var emails: [TypedValue] {
        all(.email).compactMap { property in
            var address = trimmedText(property)
            if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
            return address.isEmpty ? nil : TypedValue(value: address, types: types(property))
        }
    }

    package var telephones: [TypedValue] {
        all(.telephone).map { property in
            var number = trimmedText(property)
            if number.lowercased().hasPrefix("tel:") { number = String(number.dropFirst(4)) }
            return TypedValue(value: number, types: types(property))
        }
    }

    /// ORG: organisation name, then units.
    package var organization: [String]? {
        first(.organization).map { property in
            // Trailing empty units ("ORG:Acme;") name nothing.
            var units = structured(property)
            while units.count > 1, units.last?.isEmpty == true { units.removeLast() }
            return units
        }
    }

    package var title: String? { first(.title).map(text) }

    package var birthday: VCardDate? { first(.birthday).flatMap { date($0).date } }

    /// BDAY as written (after decoding).
    package var birthdayText: String? { first(.birthday).map(text) }

    package var anniversary: VCardDate? { anniversaryProperty.flatMap { date($0).date } }

    package var anniversaryText: String? { anniversaryProperty.map(text) }

    /// Labelled dates (Apple's `X-ABDATE` with `X-ABLabel`), the anniversary among them.
    package var labelledDates: [(label: String?, date: VCardDate)] {
        all(.appleDate).compactMap { property in
            guard let parsed = date(property).date else { return nil }
            return (label(of: property).map(Self.appleLabel), parsed)
        }
    }

    package var categories: [String] {
        var result: [String] = []
        for category in all(.categories).flatMap(list) where !result.contains(category) { result.append(category) }
        return result
    }

    package var note: String? { first(.note).map(text) }

    package var uid: String? { first(.uid).map(text) }

    /// REV, as written.
    package var revision: String? { first(.revision).map { trimmedRaw($0) } }

    package var photo: VCardPhoto? { first(.photo).map(photo) }

    package var urls: [String] { all(.url).map(text) }

    /// Every X- property, in file order.
    package var extensions: [ExtensionProperty] {
        properties.filter(isExtension).map { property in
            ExtensionProperty(group: group(of: property), name: name(of: property), value: text(property))
        }
    }

    /// Every e-mail address, lower-cased, without duplicates, in file order.
    package var emailAddresses: [String] {
        var result: [String] = []
        var lowered: [UInt8] = []
        for property in properties where property.kind == .email {
            let value = ContentLine.trimmed(value(of: property))
            var address: String
            if value.contains(UInt8(ascii: "\\")) {
                address = trimmedText(property).lowercased()
                if address.hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
            } else {
                // Nearly every address: lower-cased straight from the bytes.
                value.withUnsafeBufferPointer { TextCase.lowercase($0, into: &lowered) }
                let isURI = lowered.starts(with: "mailto:".utf8)
                address = String(decoding: lowered[(isURI ? 7 : 0)...], as: UTF8.self)
            }
            if !address.isEmpty && !result.contains(address) { result.append(address) }
        }
        return result
    }

    // MARK: - Reading properties

    private func first(_ kind: PropertyKind) -> Property? { properties.first { $0.kind == kind } }

    private func last(_ kind: PropertyKind) -> Property? { properties.last { $0.kind == kind } }

    private func all(_ kind: PropertyKind) -> [Property] { properties.filter { $0.kind == kind } }

    private var anniversaryProperty: Property? { anniversaryIndex.map { properties[$0] } }

    /// The first of ANNIVERSARY and its X- spellings, or an X-ABDATE labelled as one, in file order.
    var anniversaryIndex: Int? {
        properties.firstIndex { property in
            switch property.kind {
            case .anniversary, .xAnniversary: return true
            case .appleDate: return label(of: property)?.lowercased().contains("anniversary") == true
            case .other:
                let spelled = self.name(of: property)
                return spelled == "X-MS-ANNIVERSARY" || spelled == "X-EVOLUTION-ANNIVERSARY"
            default: return false
            }
        }
    }

    /// The X-ABLabel of the property's group.
    private func label(of property: Property) -> String? {
        guard let wanted = group(of: property)?.lowercased() else { return nil }
        return properties.last { $0.kind == .appleLabel && group(of: $0)?.lowercased() == wanted }.map(text)
    }

    private func isExtension(_ property: Property) -> Bool {
        guard property.nameLength >= 2 else { return false }
        let start = Int(property.lineStart) + Int(property.groupLength)
        return ASCII.upper(storage.bytes[start]) == UInt8(ascii: "X") && storage.bytes[start + 1] == UInt8(ascii: "-")
    }

    /// The property's name, upper-cased.
    package func name(of property: Property) -> String {
        if property.kind != .other { return property.kind.name }
        let start = Int(property.lineStart) + Int(property.groupLength)
        return ASCII.uppercased(storage.bytes[start..<(start + Int(property.nameLength))])
    }

    private func group(of property: Property) -> String? {
        guard property.groupLength > 0 else { return nil }
        let start = Int(property.lineStart)
        return String(decoding: storage.bytes[start..<(start + Int(property.groupLength) - 1)], as: UTF8.self)
    }

    private func parameters(of property: Property) -> ArraySlice<UInt8> {
        let start = Int(property.lineStart) + Int(property.groupLength) + Int(property.nameLength)
        return storage.bytes[start..<(start + Int(property.parametersLength))]
    }

    private func value(of property: Property) -> ArraySlice<UInt8> { storage.slice(property.value.range) }

    private func text(_ property: Property) -> String { ValueText.unescape(value(of: property)) }

    private func trimmedText(_ property: Property) -> String {
        ValueText.unescape(ContentLine.trimmed(value(of: property)))
    }

    private func trimmedRaw(_ property: Property) -> String {
        String(decoding: ContentLine.trimmed(value(of: property)), as: UTF8.self)
    }

    /// A `;`-separated value (N, ORG), each part unescaped.
    private func structured(_ property: Property) -> [String] {
        ValueText.split(value(of: property), on: UInt8(ascii: ";")).map(ValueText.unescape)
    }

    /// A `,`-separated list (CATEGORIES, NICKNAME), trimmed, empty items dropped.
    private func list(_ property: Property) -> [String] {
        let value = value(of: property)
        guard !value.contains(UInt8(ascii: "\\")) else {
            return ValueText.split(value, on: UInt8(ascii: ",")).map {
                ValueText.unescape($0).trimmingSpaces()
            }.filter { !$0.isEmpty }
        }
        // Without escapes (nearly always): items cut and trimmed on the bytes, one string each.
        var items: [String] = []
        var start = value.startIndex
        while start <= value.endIndex {
            let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
            let item = ContentLine.trimmed(value[start..<end])
            if !item.isEmpty { items.append(String(decoding: item, as: UTF8.self)) }
            start = end + 1
        }
        return items
    }

    /// TYPE values, upper-cased, also when one value lists several (`TYPE="work,pref"`).
    private func types(_ property: Property) -> [String] {
        var types: [String] = []
        ParameterSyntax.walk(parameters(of: property)) { name, value, _ in
            guard ParameterSyntax.matches(name, value: value, "TYPE") else { return }
            for part in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                types.append(ASCII.uppercased(part))
            }
        }
        return types
    }

    /// The property's value read as a date (see `VCardDate.read`).
    func date(_ property: Property) -> (date: VCardDate?, isText: Bool) {
        let parameters = parameters(of: property)
        if parameters.isEmpty, let date = value(of: property).withUnsafeBufferPointer(VCardDate.readPlain) {
            return (date, false)
        }
        let valueIsText = parameters.withUnsafeBufferPointer { ParameterSyntax.has("VALUE", value: "TEXT", in: $0) }
        let omittedYear = parameters.withUnsafeBufferPointer { ParameterSyntax.first("X-APPLE-OMIT-YEAR", in: $0) }
        return VCardDate.read(text(property), valueIsText: valueIsText, omittedYear: omittedYear.flatMap { Int($0) })
    }

    /// Whether the card says which vCard version it is.
    var hasVersion: Bool { properties.contains { $0.kind == .version } }

    private func photo(_ property: Property) -> VCardPhoto {
        let value = value(of: property)
        if property.isBase64 { return .inline(encoded: value) }
        if value.count > 5, ASCII.equalsUpper(value.prefix(5), "DATA:"),
            let comma = value.firstIndex(of: UInt8(ascii: ","))
        {
            return .inline(encoded: value[(comma + 1)...])
        }
        return .uri(String(decoding: value, as: UTF8.self).trimmingSpaces())
    }

    /// Apple writes its built-in labels as `_$!<Anniversary>!$_`.
    static func appleLabel(_ label: String) -> String {
        guard label.hasPrefix("_$!<"), label.hasSuffix(">!$_") else { return label }
        return String(label.dropFirst(4).dropLast(4))
    }
}

extension VCardDate {
    /// The common spellings read straight from the bytes: `YYYY-MM-DD`, `YYYYMMDD`, `--MM-DD`, `--MMDD`, with
    /// nothing around them. Nil for anything else, which `read` then reads in full (with the same answers
    /// for these spellings).
    static func readPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> VCardDate? {
        var noYear = false
        var index = 0
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "-"), bytes[1] == UInt8(ascii: "-") {
            noYear = true
            index = 2
        }
        var value = 0
        var count = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                // More than eight digits is no date of this form; stopping here also keeps `value` in range.
                guard count < 8 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                count += 1
            } else if byte != UInt8(ascii: "-") || count == 0 {
                return nil
            }
            index += 1
        }
        if noYear {
            guard count == 4 else { return nil }
            let month = value / 100
            let day = value % 100
            guard CivilDate(year: 2000, month: month, day: day).isValid else { return nil }
            return .monthDay(month: month, day: day)
        }
        guard count == 8 else { return nil }
        let date = CivilDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
        // Apple's 1604 and year 0 mean "no year"; read in full.
        guard date.isValid, date.year != 0, date.year != 1604 else { return nil }
        return .date(date)
    }

    /// Reads a date of a card: full dates, `--MMDD`/`--MM-DD`, Apple's year 1604 or `X-APPLE-OMIT-YEAR`, year
    /// 0000; anything else (and `VALUE=text`) is kept as text. `isText` tells a value that should have been a
    /// date and is not (which the reader reports) from one written as text on purpose.
    static func read(_ text: String, valueIsText: Bool, omittedYear: Int?) -> (date: VCardDate?, isText: Bool) {
        let value = text.trimmingSpaces()
        if value.isEmpty { return (nil, false) }
        if valueIsText { return (.text(value), false) }
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
            if CivilDate(year: 2000, month: month, day: day).isValid {
                return (.monthDay(month: month, day: day), false)
            }
        }
        if trailingOK, !noYear, digits.count == 8 {
            let year = number(0..<4)
            let month = number(4..<6)
            let day = number(6..<8)
            let probe = CivilDate(year: year == 0 || year == 1604 ? 2000 : year, month: month, day: day)
            if probe.isValid {
                if year == 0 || year == 1604 || omittedYear == year {
                    return (.monthDay(month: month, day: day), false)
                }
                return (.date(CivilDate(year: year, month: month, day: day)), false)
            }
        }
        return (.text(value), true)
    }
}
