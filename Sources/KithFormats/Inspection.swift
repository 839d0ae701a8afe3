/// The normal form of the conformance corpus (`shared/corpus/README.md`): one JSON object per occurrence
/// or card, keys sorted, written as Python's `json.dumps(…, ensure_ascii=False, sort_keys=True)` does, so
/// that lines compare byte for byte with the reference.
package enum Inspection {
    /// One JSON line per occurrence, sorted by start, UID and recurrence id, as the reference is.
    package static func occurrenceLines(_ calendar: ICalendar, occurrences: [Occurrence]) -> [String] {
        let rows = occurrences.map { occurrence -> (key: (String, String, String), line: String) in
            let event = calendar.events[occurrence.eventIndex]
            let start = occurrence.start.description
            let recurrenceID = occurrence.recurrenceID?.description
            var attendees = Set<String>()
            for attendee in event.attendees where !attendee.address.isEmpty {
                attendees.insert(attendee.address.lowercased())
            }
            var json = JSONObject()
            json["all_day"] = .bool(occurrence.start.isDate)
            json["attendees"] = .array(attendees.sorted().map(JSONValue.string))
            json["end"] = .string(occurrence.end.description)
            json["floating"] = .bool(occurrence.start.isFloating)
            json["override"] = .bool(occurrence.isOverride)
            json["recurrence_id"] = recurrenceID.map(JSONValue.string) ?? .null
            json["start"] = .string(start)
            json["status"] = event.status.map(JSONValue.string) ?? .null
            json["summary"] = event.summary.map(JSONValue.string) ?? .null
            json["uid"] = event.uid.map(JSONValue.string) ?? .null
            return ((start, event.uid ?? "", recurrenceID ?? ""), json.serialized)
        }
        return rows.sorted { $0.key < $1.key }.map(\.line)
    }

    /// One JSON line per card, in file order.
    package static func cardLine(_ card: VCard) -> String {
        func date(_ value: VCardDate?) -> JSONValue {
            switch value {
            case .date, .monthDay: return .string(value!.description)
            default: return .null
            }
        }
        var json = JSONObject()
        json["anniversary"] = date(card.anniversary)
        json["anniversary_raw"] = card.anniversaryText.map(JSONValue.string) ?? .null
        json["bday"] = date(card.birthday)
        json["bday_raw"] = card.birthdayText.map(JSONValue.string) ?? .null
        json["categories"] = .array(card.categories.map(JSONValue.string))
        json["emails"] = .array(card.emailAddresses.map(JSONValue.string))
        json["fn"] = card.formattedName.map(JSONValue.string) ?? .null
        json["n"] = card.name.map { .array($0.map(JSONValue.string)) } ?? .null
        json["note"] = card.note.map(JSONValue.string) ?? .null
        json["org"] = card.organization.map { .array($0.map(JSONValue.string)) } ?? .null
        switch card.photo {
        case .inline(let encoded):
            json["photo"] = .object([
                ("bytes", TextEncoding.base64DecodedCount(encoded).map(JSONValue.int) ?? .null),
                ("inline", .bool(true)),
            ])
        case .uri(let uri):
            json["photo"] = .object([("inline", .bool(false)), ("uri", .string(uri))])
        case nil:
            json["photo"] = .null
        }
        json["tels"] = .array(card.telephones.map { .string($0.value) })
        json["uid"] = card.uid.map(JSONValue.string) ?? .null
        json["version"] = card.version.map(JSONValue.string) ?? .null
        json["x_props"] = .array(Set(card.extensions.map(\.name)).sorted().map(JSONValue.string))
        return json.serialized
    }
}

/// A JSON value, written the way Python's `json.dumps(ensure_ascii=False)` writes it.
package indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    package func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += ", " }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += ", " }
                Self.writeString(member.0, to: &output)
                output += ": "
                member.1.write(to: &output)
            }
            output += "}"
        }
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// An object whose keys are written in sorted order.
package struct JSONObject {
    private var members: [String: JSONValue] = [:]

    package init() {}

    package subscript(key: String) -> JSONValue? {
        get { members[key] }
        set { members[key] = newValue }
    }

    package var serialized: String {
        JSONValue.object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }).serialized
    }
}
