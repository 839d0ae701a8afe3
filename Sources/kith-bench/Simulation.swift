import Foundation
import KithCore
import KithFormats

/// `kith-bench simulate [--seed N] [--weeks N]`: a seeded half-year of one person's life, lived without Kith
/// and with it (a user who acts on the first three items of each Monday's digest), and the [nudges] issue's
/// figures for both. A measurement: it exits 0 whether or not the targets are met.
enum Simulation {
    static let usage = "usage: kith-bench simulate [--seed N] [--weeks 1...52]"
    /// About how many of the 150 contacts the reference simulation leaves never met without Kith.
    static let referenceNeglected = 107

    static func main(_ arguments: [String]) throws {
        var seed: UInt64 = 1
        var weeks = 26
        var rest = arguments[...]
        while let option = rest.popFirst() {
            let value = rest.popFirst()
            switch option {
            case "--seed" where value.flatMap { UInt64($0) } != nil: seed = UInt64(value!)!
            case "--weeks" where value.flatMap { Int($0) }.map { (1...52).contains($0) } == true: weeks = Int(value!)!
            default: fail(usage, status: 64)
            }
        }
        let database = TimeZoneDatabase()
        guard let zone = database.rules(named: "Europe/Helsinki") else {
            fail("kith-bench: the time zone Europe/Helsinki is not installed", status: 1)
        }
        let folder = NSTemporaryDirectory() + "kith-simulate-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let world = SimulationWorld.generate(seed: seed, weeks: weeks, zone: zone)
        let settings = readSettings(world.config(folder: folder), path: folder + "/kith.toml", database: database)
        let run = SimulationRun(world: world, settings: settings, zone: zone, database: database)
        let record = try run.withKith(seed: seed, stateFolder: settings.stateDirectory)
        let mondays = (0..<weeks).map(run.monday)
        let without = SimulationFigures(world: world, record: nil, mondays: mondays, zone: zone)
        let with = SimulationFigures(world: world, record: record, mondays: mondays, zone: zone)

        print(summary(world, zone: zone))
        var check = "check: without Kith \(without.neglected) of \(without.contacts) are never met in the half-year"
        check += " (the reference simulation: ~\(referenceNeglected))"
        if abs(without.neglected - referenceNeglected) > 20 { check += "; far from it: look at the generator" }
        print(check)
        if !record.diagnostics.isEmpty {
            print("warning: Kith reported \(record.diagnostics.count) problems reading the generated files, first:")
            print("  " + record.diagnostics[0])
        }
        print("")
        print(table(seed: seed, world: world, without: without, with: with))
        print("")
        for line in targets(without: without, with: with) { print(line) }
        print("")
        print(circles(world, without: without, with: with))
        print("")
        print(behaviour(record, circles: world.circles))
    }

    /// The settings from the config text, read as `kith` reads a config file; a config Kith refuses is a
    /// defect of the simulation.
    static func readSettings(_ text: String, path: String, database: TimeZoneDatabase) -> Settings {
        let table: TOMLTable
        switch TOMLParser.parse(Array(text.utf8)) {
        case .success(let read): table = read
        case .failure(let error): fail(error.diagnostic(path: path).description, status: 1)
        }
        let environment = ConfigEnvironment(
            systemTimeZone: "Europe/Helsinki",
            defaultStateDirectory: "/nonexistent",
            configFileMode: 0o600,
            isKnownTimeZone: { database.rules(named: $0) != nil }
        )
        let (settings, diagnostics) = SettingsReader.read(table, path: path, environment: environment)
        guard let settings else { fail(diagnostics.map(\.description).joined(separator: "\n"), status: 1) }
        return settings
    }

    /// One line on what the generator made, to check it against the description.
    static func summary(_ world: SimulationWorld, zone: ZoneRules) -> String {
        let oneOffs = world.meetings.filter { $0.kind == .oneOff }
        let large = world.meetings.filter { $0.kind == .large }
        let end = world.endDate
        let occurrences = world.series.reduce(0) { $0 + $1.occurrences(before: end).count }
        let weekly = world.series.filter { if case .weekly = $0.rule { true } else { false } }.count
        var text = "generated: \(world.contacts.count) cards"
        text += " (\(world.contacts.count { $0.birthday != nil }) with a birthday,"
        text += " \(world.contacts.count { $0.anniversary != nil }) with an anniversary);"
        text += " \(world.series.count) series (\(weekly) weekly 1:1s, \(world.series.count - weekly) monthly),"
        text += " \(occurrences) occurrences; \(oneOffs.count) one-offs"
        text +=
            " (\(oneOffs.count { $0.cancelledAt != nil }) cancelled, \(oneOffs.count { !$0.declined.isEmpty }) declined),"
        text += " \(large.count) large events (\(large.map(\.attendees.count).min() ?? 0)"
        text += "–\(large.map(\.attendees.count).max() ?? 0) people), over \(world.historyWeeks) + \(world.weeks) weeks"
        return text
    }

    static func table(
        seed: UInt64,
        world: SimulationWorld,
        without: SimulationFigures,
        with: SimulationFigures
    )
        -> String
    {
        let widths = [66, 15, 12]
        func row(_ cells: String...) -> String {
            var line = ""
            for (index, cell) in cells.enumerated() {
                let width = index < widths.count ? widths[index] : 0
                line += cell + String(repeating: " ", count: max(index < widths.count ? 1 : 0, width - cell.count))
            }
            return line.trimmingCharacters(in: .whitespaces)
        }
        func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
        let title = "simulation: seed \(seed), \(world.contacts.count) contacts in \(world.circles.count) circles,"
        return [
            row(title + " \(world.weeks) weeks", "without Kith", "with Kith", "target"),
            row(
                "coverage (longest gap < \(SimulationFigures.coverageFactor)× rhythm)",
                percent(without.coverage),
                percent(with.coverage),
                "+20 points"
            ),
            row(
                "neglected (never met in the half-year)",
                "\(without.neglected)",
                "\(with.neglected)",
                "30 fewer"
            ),
            row("repeats (items also in last week's digest)", "", percent(with.repeats), "≤ 20%"),
            row(
                "load (items per digest, mean / max)",
                "",
                String(format: "%.1f / %d", with.meanLoad, with.loads.max() ?? 0),
                "≤ 12"
            ),
            row(
                "longest overdue and not in the digest (weeks)",
                "\(without.longestOverdueUnshown)",
                "\(with.longestOverdueUnshown)"
            ),
        ].joined(separator: "\n")
    }

    static func targets(without: SimulationFigures, with: SimulationFigures) -> [String] {
        func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
        let points = Int(((with.coverage - without.coverage) * 100).rounded())
        let fewer = without.neglected - with.neglected
        let repeats = Int((with.repeats * 100).rounded())
        let most = with.loads.max() ?? 0
        return [
            "target coverage ≥ +20 points: \(points >= 0 ? "+" : "")\(points) points, \(verdict(points >= 20))",
            "target neglected ≥ 30 fewer: \(fewer) fewer, \(verdict(fewer >= 30))",
            "target repeats ≤ 20%: \(repeats)%, \(verdict(repeats <= 20))",
            "target load ≤ 12 items: at most \(most), \(verdict(most <= 12))",
        ]
    }

    /// Where coverage comes from: per circle, met and covered, without Kith → with it.
    static func circles(_ world: SimulationWorld, without: SimulationFigures, with: SimulationFigures) -> String {
        var lines = ["by circle (without → with Kith):"]
        for (index, circle) in world.circles.enumerated() {
            let (before, after) = (without.byCircle[index], with.byCircle[index])
            var line = "  \(circle.name) (\(circle.size), every \(circle.every)):"
            line += " met \(before.met) → \(after.met), covered \(before.covered) → \(after.covered)"
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// What the user was asked to do and did: which kinds came first, what became of them.
    static func behaviour(_ record: SimulationRecord, circles: [SimulationWorld.Circle]) -> String {
        let acted = record.actedOn.sorted { ($1.value, $0.key.rank) < ($0.value, $1.key.rank) }
        let all = record.digests.joined().reduce(into: [Nudge.Kind: Int]()) { $0[$1.kind, default: 0] += 1 }
        let items = all.sorted { ($1.value, $0.key.rank) < ($0.value, $1.key.rank) }
        var text = "the first \(SimulationRun.actedOn) items, by kind: "
        text += acted.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        text += "\nall items, by kind: " + items.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        let byCircle = circles.indices.map { "\(circles[$0].name) \(record.reconnectsByCircle[$0] ?? 0)" }
        text += "\nreconnects and new contacts acted on, by circle: " + byCircle.joined(separator: ", ")
        text += "\nthe user booked \(record.catchUps.count) catch-ups and marked \(record.done.count) follow-ups done"
        return text
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }
}
