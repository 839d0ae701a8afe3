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
package struct VCard: Sendable {
    package var version: String?
    /// FN.
    package var formattedName: String?
    /// N: family, given, additional, prefixes, suffixes (always five, possibly empty).
    package var name: [String]?
    package var nicknames: [String] = []
    package var emails: [TypedValue] = []
    package var telephones: [TypedValue] = []
    /// ORG: organisation name, then units.
    package var organization: [String]?
    package var title: String?
    package var birthday: VCardDate?
    /// BDAY as written (after decoding).
    package var birthdayText: String?
    package var anniversary: VCardDate?
    package var anniversaryText: String?
    /// Labelled dates (Apple's `X-ABDATE` with `X-ABLabel`), the anniversary among them.
    package var labelledDates: [(label: String?, date: VCardDate)] = []
    package var categories: [String] = []
    package var note: String?
    package var uid: String?
    /// REV, as written.
    package var revision: String?
    package var photo: VCardPhoto?
    package var urls: [String] = []
    /// Every X- property, in file order.
    package var extensions: [ExtensionProperty] = []
    /// Physical line of its BEGIN:VCARD.
    package var line: Int

    package init(line: Int) { self.line = line }

    /// Every e-mail address, lower-cased, without duplicates, in file order.
    package var emailAddresses: [String] {
        var seen: Set<String> = []
        return emails.map { $0.value.lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
