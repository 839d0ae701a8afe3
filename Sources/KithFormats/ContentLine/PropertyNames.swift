/// The property names Kith meets most, as shared string constants.
///
/// Looking a name up by its bytes returns an existing `String` instead of building one per line, which is
/// most of what reading a line would otherwise cost.
enum PropertyNames {
    private struct Key: Hashable {
        var low: UInt64
        var high: UInt64
    }

    /// Open-addressed table of the known names, probed with a multiplicative hash of the packed bytes.
    private static let slots: [(key: Key, name: String, kind: PropertyKind)?] = {
        var slots: [(key: Key, name: String, kind: PropertyKind)?] = Array(repeating: nil, count: 256)
        for (key, name) in known {
            var slot = slotIndex(key)
            while slots[slot] != nil { slot = (slot + 1) & 255 }
            slots[slot] = (key, name, PropertyKind(name))
        }
        return slots
    }()

    @inline(__always)
    private static func slotIndex(_ key: Key) -> Int {
        Int(truncatingIfNeeded: ((key.low ^ (key.high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
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

    /// The upper-cased name of `bytes`, shared when it is a known name, and its kind.
    static func name(_ bytes: UnsafeBufferPointer<UInt8>) -> (name: String, kind: PropertyKind) {
        if let key = key(bytes) {
            var slot = slotIndex(key)
            while let entry = slots[slot] {
                if entry.key == key { return (entry.name, entry.kind) }
                slot = (slot + 1) & 255
            }
        }
        return (ASCII.uppercased(bytes), .other)
    }
}

/// The properties the readers act on, identified once when a line is read so that readers switch on a
/// small integer rather than compare strings.
package enum PropertyKind: UInt8, Sendable {
    case other
    case begin, end, uid, dtstart, dtend, duration, summary, description, location, status, sequence
    case organizer, attendee, categories, rrule, rdate, exdate, recurrenceID

    init(_ name: String) {
        switch name {
        case "BEGIN": self = .begin
        case "END": self = .end
        case "UID": self = .uid
        case "DTSTART": self = .dtstart
        case "DTEND": self = .dtend
        case "DURATION": self = .duration
        case "SUMMARY": self = .summary
        case "DESCRIPTION": self = .description
        case "LOCATION": self = .location
        case "STATUS": self = .status
        case "SEQUENCE": self = .sequence
        case "ORGANIZER": self = .organizer
        case "ATTENDEE": self = .attendee
        case "CATEGORIES": self = .categories
        case "RRULE": self = .rrule
        case "RDATE": self = .rdate
        case "EXDATE": self = .exdate
        case "RECURRENCE-ID": self = .recurrenceID
        default: self = .other
        }
    }
}
