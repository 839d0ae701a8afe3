/// The properties Kith knows by name, identified once when a line is read so that readers switch on a
/// small integer rather than compare strings, and so that reading a line makes no `String` for its name.
package enum PropertyKind: UInt8, CaseIterable, Sendable {
    case other
    // Structure and both formats.
    case begin, end, version, prodid, uid, categories, url, note
    // iCalendar (RFC 5545, RFC 7986) and common extensions.
    case calscale, method, dtstamp, dtstart, dtend, duration, summary, description, location, status, sequence
    case organizer, attendee, rrule, rdate, exdate, recurrenceID, created, lastModified, classification, transp
    case priority, tzid, tzname, tzoffsetfrom, tzoffsetto, tzurl, trigger, action, repetitions, attach, geo
    case comment, contact, relatedTo, resources, calendarTimeZone, calendarName
    // vCard (RFC 2426, RFC 6350) and the X- properties of phones and Apple.
    case formattedName, name, nickname, email, telephone, address, organization, title, role, birthday
    case anniversary, revision, photo, label, kind, gender, language, impp, appleLabel, appleDate
    case xAnniversary, source

    /// The name as written in files, upper-case.
    package var name: String {
        switch self {
        case .other: return ""
        case .begin: return "BEGIN"
        case .end: return "END"
        case .version: return "VERSION"
        case .prodid: return "PRODID"
        case .uid: return "UID"
        case .categories: return "CATEGORIES"
        case .url: return "URL"
        case .note: return "NOTE"
        case .calscale: return "CALSCALE"
        case .method: return "METHOD"
        case .dtstamp: return "DTSTAMP"
        case .dtstart: return "DTSTART"
        case .dtend: return "DTEND"
        case .duration: return "DURATION"
        case .summary: return "SUMMARY"
        case .description: return "DESCRIPTION"
        case .location: return "LOCATION"
        case .status: return "STATUS"
        case .sequence: return "SEQUENCE"
        case .organizer: return "ORGANIZER"
        case .attendee: return "ATTENDEE"
        case .rrule: return "RRULE"
        case .rdate: return "RDATE"
        case .exdate: return "EXDATE"
        case .recurrenceID: return "RECURRENCE-ID"
        case .created: return "CREATED"
        case .lastModified: return "LAST-MODIFIED"
        case .classification: return "CLASS"
        case .transp: return "TRANSP"
        case .priority: return "PRIORITY"
        case .tzid: return "TZID"
        case .tzname: return "TZNAME"
        case .tzoffsetfrom: return "TZOFFSETFROM"
        case .tzoffsetto: return "TZOFFSETTO"
        case .tzurl: return "TZURL"
        case .trigger: return "TRIGGER"
        case .action: return "ACTION"
        case .repetitions: return "REPEAT"
        case .attach: return "ATTACH"
        case .geo: return "GEO"
        case .comment: return "COMMENT"
        case .contact: return "CONTACT"
        case .relatedTo: return "RELATED-TO"
        case .resources: return "RESOURCES"
        case .calendarTimeZone: return "X-WR-TIMEZONE"
        case .calendarName: return "X-WR-CALNAME"
        case .formattedName: return "FN"
        case .name: return "N"
        case .nickname: return "NICKNAME"
        case .email: return "EMAIL"
        case .telephone: return "TEL"
        case .address: return "ADR"
        case .organization: return "ORG"
        case .title: return "TITLE"
        case .role: return "ROLE"
        case .birthday: return "BDAY"
        case .anniversary: return "ANNIVERSARY"
        case .revision: return "REV"
        case .photo: return "PHOTO"
        case .label: return "LABEL"
        case .kind: return "KIND"
        case .gender: return "GENDER"
        case .language: return "LANG"
        case .impp: return "IMPP"
        case .appleLabel: return "X-ABLABEL"
        case .appleDate: return "X-ABDATE"
        case .xAnniversary: return "X-ANNIVERSARY"
        case .source: return "SOURCE"
        }
    }

    /// The kind of a name given as a `String` (any case).
    package init(_ name: String) {
        var copy = name
        self = copy.withUTF8 { PropertyNames.kind($0) }
    }
}

/// Finds the `PropertyKind` of a name's bytes without making a `String`.
enum PropertyNames {
    /// Up to 15 bytes packed upper-case into two words, with the length in the top byte.
    private struct Key: Hashable {
        var low: UInt64
        var high: UInt64
    }

    /// Open-addressed table of the known names, probed with a multiplicative hash of the packed bytes.
    private static let slots: [(key: Key, kind: PropertyKind)?] = {
        var slots: [(key: Key, kind: PropertyKind)?] = Array(repeating: nil, count: 256)
        for kind in PropertyKind.allCases where kind != .other {
            var name = kind.name
            let key = name.withUTF8 { Self.key($0) }!
            var slot = slotIndex(key)
            while slots[slot] != nil { slot = (slot + 1) & 255 }
            slots[slot] = (key, kind)
        }
        return slots
    }()

    @inline(__always)
    private static func slotIndex(_ key: Key) -> Int {
        Int(truncatingIfNeeded: ((key.low ^ (key.high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Key? {
        let count = bytes.count
        guard count <= 15 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = UInt64(count) << 56
        for index in 0..<min(count, 8) {
            low |= UInt64(ASCII.upper(bytes[index])) << (8 * UInt64(index))
        }
        if count > 8 {
            for index in 8..<count {
                high |= UInt64(ASCII.upper(bytes[index])) << (8 * UInt64(index - 8))
            }
        }
        return Key(low: low, high: high)
    }

    /// The kind of the name in `bytes` (any case); `.other` for names Kith does not know.
    static func kind(_ bytes: UnsafeBufferPointer<UInt8>) -> PropertyKind {
        guard let key = key(bytes) else { return .other }
        var slot = slotIndex(key)
        while let entry = slots[slot] {
            if entry.key == key { return entry.kind }
            slot = (slot + 1) & 255
        }
        return .other
    }

    /// The upper-cased name: shared when the kind is known, else made from the bytes.
    static func name(_ bytes: UnsafeBufferPointer<UInt8>, kind: PropertyKind) -> String {
        kind == .other ? ASCII.uppercased(bytes) : kind.name
    }
}
