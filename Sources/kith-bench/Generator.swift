/// A seeded generator of large, realistic calendars and address books for the benchmark.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Generator {
    static let givenNames = ["Aino", "José", "Zhang", "Søren", "Priya", "Ben", "Łucja", "Émile", "Chloé", "Ngozi"]
    static let familyNames = ["Virtanen", "Álvarez", "Wei", "Holm", "Natarajan", "Okafor", "Kowalska", "Dubois"]
    static let zones = [
        ("Europe/Helsinki", "+0200", "+0300"), ("Europe/Berlin", "+0100", "+0200"),
        ("America/New_York", "-0500", "-0400"),
    ]
    static let words = [
        "agenda", "review", "föräldraledighet", "café", "roadmap", "budget", "naïve", "résumé", "planning",
        "日本語", "retro", "hiring", "Zürich", "offsite", "design", "research",
    ]

    /// A calendar of `events` events, a fifth of them recurring, each with 1–8 attendees.
    static func calendar(events: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith//bench//EN\r\n"
        for (name, standard, daylight) in zones {
            text += "BEGIN:VTIMEZONE\r\nTZID:\(name)\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
            text += "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:\(daylight)\r\nTZOFFSETTO:\(standard)\r\n"
            text +=
                "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
            text += "TZOFFSETFROM:\(standard)\r\nTZOFFSETTO:\(daylight)\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        }
        var output = Array(text.utf8)
        output.reserveCapacity(events * 900)
        for index in 0..<events {
            var event = "BEGIN:VEVENT\r\nUID:\(index)-\(random.next() % 1_000_000)@bench.kith.example\r\n"
            event += "DTSTAMP:20250101T000000Z\r\n"
            let zone = zones[Int(random.next() % UInt64(zones.count))].0
            let year = 2024 + Int(random.next() % 3)
            let month = 1 + Int(random.next() % 12)
            let day = 1 + Int(random.next() % 28)
            let hour = 8 + Int(random.next() % 10)
            let start = String(format4(year)) + two(month) + two(day) + "T" + two(hour) + "0000"
            event += "DTSTART;TZID=\(zone):\(start)\r\n"
            event +=
                "DTEND;TZID=\(zone):\(String(format4(year)) + two(month) + two(day) + "T" + two(hour + 1) + "0000")\r\n"
            if index % 5 == 0 {
                let rules = [
                    "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=DAILY;COUNT=30", "FREQ=MONTHLY;BYDAY=2TU",
                    "FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231T000000Z", "FREQ=YEARLY",
                ]
                event += "RRULE:\(rules[Int(random.next() % UInt64(rules.count))])\r\n"
            }
            let subjectWords = (0..<4).map { _ in words[Int(random.next() % UInt64(words.count))] }
            event += "SUMMARY:\(subjectWords.joined(separator: " "))\r\n"
            var description = "DESCRIPTION:"
            for _ in 0..<(20 + Int(random.next() % 30)) {
                description += words[Int(random.next() % UInt64(words.count))] + " "
            }
            event += fold(description) + "\r\n"
            event += "ORGANIZER;CN=Me:mailto:me@kith.example\r\n"
            for _ in 0..<(1 + Int(random.next() % 8)) {
                let given = givenNames[Int(random.next() % UInt64(givenNames.count))]
                let family = familyNames[Int(random.next() % UInt64(familyNames.count))]
                let line =
                    "ATTENDEE;CN=\"\(given) \(family)\";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:"
                    + "\(given.lowercased()).\(random.next() % 5000)@example.org"
                event += fold(line) + "\r\n"
            }
            event += "END:VEVENT\r\n"
            output.append(contentsOf: event.utf8)
        }
        output.append(contentsOf: "END:VCALENDAR\r\n".utf8)
        return output
    }

    /// `cards` vCards, alternating 3.0 and 4.0, one in ten with an inline photo.
    static func contacts(cards: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var output: [UInt8] = []
        output.reserveCapacity(cards * 700)
        let photo = String(repeating: "/9j/4AAQSkZJRgABAQAAAQABAAD", count: 60)
        for index in 0..<cards {
            let given = givenNames[Int(random.next() % UInt64(givenNames.count))]
            let family = familyNames[Int(random.next() % UInt64(familyNames.count))]
            let four = index % 2 == 1
            var card = "BEGIN:VCARD\r\nVERSION:\(four ? "4.0" : "3.0")\r\nFN:\(given) \(family)\r\n"
            card += "N:\(family);\(given);;;\r\nUID:card-\(index)\r\n"
            card += "EMAIL;TYPE=work:\(given.lowercased()).\(index)@example.org\r\n"
            card += "EMAIL;TYPE=home:\(family.lowercased()).\(index)@home.example\r\n"
            card += "TEL;TYPE=cell:+358 40 \(random.next() % 10_000_000)\r\n"
            card += "ORG:Example \(words[index % words.count]) Oy;Research\r\nTITLE:Researcher\r\n"
            card +=
                four
                ? "BDAY:--\(two(1 + index % 12))\(two(1 + index % 28))\r\n" : "BDAY:1980-\(two(1 + index % 12))-03\r\n"
            card += "CATEGORIES:Friends,Clients\r\n"
            card +=
                fold(
                    "NOTE:Met at \(words[index % words.count]) — follow up about \(words[(index + 3) % words.count]) and the café."
                ) + "\r\n"
            if index % 10 == 0 {
                card +=
                    fold(four ? "PHOTO:data:image/jpeg;base64,\(photo)" : "PHOTO;ENCODING=b;TYPE=JPEG:\(photo)")
                    + "\r\n"
            }
            card += "REV:20250101T000000Z\r\nEND:VCARD\r\n"
            output.append(contentsOf: card.utf8)
        }
        return output
    }

    /// Folds at 75 octets (RFC 5545 §3.1), possibly inside a multi-byte character, as many producers do.
    static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line }
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + (index == 0 ? 75 : 74))
            if index > 0 { result.append(contentsOf: [0x0D, 0x0A, 0x20]) }
            result.append(contentsOf: bytes[index..<end])
            index = end
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    static func format4(_ value: Int) -> String { String(value) }
}
