import ArgumentParser
import Foundation
import KithCore
import KithFormats

/// `kith people`: everyone in the network, with circle, cadence, last meeting and when they are due.
struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "List everyone with circle, cadence, last meeting, next due date and sources."
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Flag(help: "One JSON object per person.")
    var json = false

    @Flag(help: "Only people whose cadence has run out.")
    var overdue = false

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let now = Workspace.now()
        let (planner, _) = try workspace.planner(now: now, state: try workspace.openState())
        let calendar = planner.calendar
        for (index, person) in planner.network.people.enumerated() {
            let last = planner.network.summaries[index].lastCounted.map(planner.network.interaction)
            let cadence = planner.cadence(of: person)
            let due = planner.standing(at: index).map { calendar.date(of: $0.due) }
            let isOverdue = planner.isOverdue(at: index)
            if overdue && !isOverdue { continue }
            if json {
                let value = JSONValue.object([
                    ("key", .string(person.key)), ("name", .string(person.name)),
                    ("emails", .array(person.emails.map(JSONValue.string))),
                    ("in_contacts", .bool(person.inContacts)),
                    ("circle", cadence?.circle.map(JSONValue.string) ?? .null),
                    ("cadence_days", cadence.map { .int($0.seconds / 86_400) } ?? .null),
                    ("last_meeting", last.map { .string(calendar.date(of: $0.start).description) } ?? .null),
                    ("last_summary", last.map { .string($0.summary) } ?? .null),
                    ("due", due.map { .string($0.description) } ?? .null),
                    ("overdue", .bool(isOverdue)),
                    ("sources", .array(person.sources.map { .string($0.location) })),
                ])
                print(value.serialized)
            } else {
                var line = InspectTable.pad(person.name, 26) + "  " + InspectTable.pad(person.emails.first ?? "", 30)
                line +=
                    "  " + InspectTable.pad(cadence.map { "\($0.circle ?? "own") \($0.seconds / 86_400)d" } ?? "-", 14)
                line += "  last " + (last.map { calendar.date(of: $0.start).description } ?? "never    ")
                if let due { line += isOverdue ? "  OVERDUE since \(due)" : "  due \(due)" }
                if !person.inContacts { line += "  (not in contacts)" }
                print(line)
            }
        }
    }
}
