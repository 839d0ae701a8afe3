import KithFormats

/// The readable form of `kith inspect`: one line per occurrence or card, in columns.
enum InspectTable {
    static func lines(_ document: Document, occurrences: [Occurrence]) -> [String] {
        var lines = ["== \(document.path)"]
        if let calendar = document.calendar {
            let sorted = occurrences.sorted { ($0.start, $0.eventIndex) < ($1.start, $1.eventIndex) }
            for occurrence in sorted {
                let event = calendar.events[occurrence.eventIndex]
                let people = event.attendees.map { $0.name ?? $0.address }.joined(separator: ", ")
                var flags: [String] = []
                if let status = event.status, status != "CONFIRMED" { flags.append(status.lowercased()) }
                if occurrence.isOverride { flags.append("moved") }
                let note = flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))"
                lines.append(
                    pad(occurrence.start.description, 21) + "  " + pad(event.summary ?? "(no summary)", 36) + note
                        + (people.isEmpty ? "" : "  with " + people)
                )
            }
            if sorted.isEmpty { lines.append("(no occurrences in the window)") }
        }
        for card in document.cards {
            let name = card.formattedName ?? card.name?.filter { !$0.isEmpty }.joined(separator: " ") ?? "(no name)"
            var parts = [pad(name, 28), pad(card.emailAddresses.joined(separator: ", "), 34)]
            if let birthday = card.birthday { parts.append("born " + birthday.description) }
            if let organization = card.organization?.first, !organization.isEmpty { parts.append(organization) }
            lines.append(parts.joined(separator: "  "))
        }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        return clipped + String(repeating: " ", count: max(0, width - clipped.count))
    }
}
