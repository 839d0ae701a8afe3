/// The property names Kith meets most, as shared string constants.
///
/// Looking a name up by its bytes returns an existing `String` instead of building one per line, which is
/// most of what reading a line would otherwise cost.
enum PropertyNames {
    private struct Key: Hashable {
        var low: UInt64
        var high: UInt64
    }

    private static let known: [Key: String] = {
        let names = [
            "BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "UID", "DTSTAMP", "DTSTART", "DTEND",
            "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "STATUS", "SEQUENCE", "ORGANIZER", "ATTENDEE",
            "CATEGORIES", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "CREATED", "LAST-MODIFIED", "CLASS",
            "TRANSP", "PRIORITY", "URL", "TZID", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "TZURL", "TRIGGER",
            "ACTION", "REPEAT", "ATTACH", "GEO", "COMMENT", "CONTACT", "RELATED-TO", "RESOURCES", "X-WR-TIMEZONE",
            "X-WR-CALNAME", "FN", "N", "NICKNAME", "EMAIL", "TEL", "ADR", "ORG", "TITLE", "ROLE", "BDAY",
            "ANNIVERSARY", "NOTE", "REV", "PHOTO", "LABEL", "KIND", "GENDER", "LANG", "IMPP", "X-ABLABEL",
            "X-ABDATE", "X-ANNIVERSARY", "SOURCE", "X-MICROSOFT-CDO-BUSYSTATUS",
        ]
        var table: [Key: String] = [:]
        for name in names {
            if let key = key(name.utf8) { table[key] = name }
        }
        return table
    }()

    /// Packs up to 16 bytes, upper-cased, with the length folded in; nil for longer names.
    private static func key(_ bytes: some Collection<UInt8>) -> Key? {
        guard bytes.count <= 15 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = UInt64(bytes.count) << 56
        for (index, byte) in bytes.enumerated() {
            let value = UInt64(ASCII.upper(byte))
            if index < 8 {
                low |= value << (8 * UInt64(index))
            } else {
                high |= value << (8 * UInt64(index - 8))
            }
        }
        return Key(low: low, high: high)
    }

    /// The upper-cased name of `bytes`, shared when it is a known name.
    static func name(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let key = key(bytes), let known = known[key] { return known }
        return ASCII.uppercased(bytes)
    }
}
