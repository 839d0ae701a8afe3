import ArgumentParser
import Foundation
import KithCore
import KithFormats
import KithStore

/// The options every command that names a person shares.
struct PersonOptions: ParsableArguments {
    @Option(name: .long, help: "The config file.")
    var config: String?

    @Argument(help: "An address, or a unique part of a name.")
    var person: String
}

/// Loads the workspace, the state and the network, and resolves the person named.
private func resolve(_ options: PersonOptions) throws -> (Workspace, StateStore, Person, Planner) {
    let workspace = try Workspace.load(config: options.config)
    let store = try workspace.openState()
    let (planner, _) = try workspace.planner(now: Workspace.now(), state: store)
    let person = try workspace.person(options.person, in: planner.network)
    return (workspace, store, person, planner)
}

/// Applies one state action to the person named and prints what it did; a refused action is a usage error.
private func apply(_ options: PersonOptions, _ action: (Workspace) throws -> StateAction) throws {
    let (workspace, store, person, _) = try resolve(options)
    let action = try action(workspace)
    do {
        print(try store.apply(action, to: person, now: Workspace.now(), zone: workspace.zone).summary)
    } catch let refusal as StateAction.Refusal {
        // Exit 2, as for any other argument that cannot be taken; the usage would not help.
        FileHandle.standardError.write(Data("error: \(refusal)\n".utf8))
        throw ExitCode(2)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Record that you followed up with someone (today, or --on the day you did)."
    )

    @OptionGroup var options: PersonOptions

    // Unconditional: a date such as -2w starts with a dash and is still this option's value.
    @Option(
        parsing: .unconditional,
        help: "The day you did (YYYY-MM-DD[THH:MM], today, yesterday, a weekday such as friday, or -3d)."
    )
    var on: String?

    @Option(help: "What you did.")
    var note: String?

    func run() throws {
        try apply(options) { workspace in
            .done(at: try on.map { try workspace.instant($0, direction: .past) }, note: note)
        }
    }
}

struct MetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "met",
        abstract: "Record a meeting the calendar does not show (one that has happened: a day to come is refused)."
    )

    @OptionGroup var options: PersonOptions

    // Unconditional: a date such as -2w starts with a dash and is still this option's value.
    @Option(
        parsing: .unconditional,
        help: "The day you met (YYYY-MM-DD[THH:MM] local time, yesterday, a weekday such as friday, -2w)."
    )
    var on: String

    @Option(help: "What it was about.")
    var note: String?

    func run() throws {
        try apply(options) { workspace in .met(at: try workspace.instant(on, direction: .past), note: note) }
    }
}

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Hear nothing about someone for a while: a duration (\"3w\") or --until DATE."
    )

    @OptionGroup var options: PersonOptions

    @Argument(help: "How long, e.g. 10d, 3w, 2mo.")
    var duration: String?

    // Unconditional: a date such as -2w starts with a dash and is still this option's value.
    @Option(parsing: .unconditional, help: "Until this day (YYYY-MM-DD, tomorrow, a weekday such as monday, or +10d).")
    var until: String?

    func validate() throws {
        if (duration == nil) == (until == nil) { throw ValidationError("give either a duration or --until DATE") }
        if let duration, ConfigDuration.parse(duration) == nil {
            throw ValidationError("\"\(duration)\" is not a duration (e.g. 10d, 3w, 2mo)")
        }
    }

    func run() throws {
        try apply(options) { workspace in
            if let until { return .snooze(.until(try workspace.instant(until, direction: .future))) }
            return .snooze(.lasting(ConfigDuration.parse(duration!)!))
        }
    }
}

struct UnsnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unsnooze", abstract: "Hear about someone again now.")

    @OptionGroup var options: PersonOptions

    func run() throws { try apply(options) { _ in .unsnooze } }
}

struct IgnoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ignore", abstract: "Never hear about someone again.")

    @OptionGroup var options: PersonOptions

    func run() throws { try apply(options) { _ in .ignore } }
}

struct UnignoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unignore", abstract: "Hear about someone again.")

    @OptionGroup var options: PersonOptions

    func run() throws { try apply(options) { _ in .unignore } }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every meeting with someone, from the calendars and from what you told Kith.",
        discussion: "What you told Kith (kith met, kith done) carries a number: kith forget NUMBER removes it."
    )

    @OptionGroup var options: PersonOptions

    func run() throws {
        let (workspace, store, person, planner) = try resolve(options)
        print(StateAction.describe(person))
        let now = Workspace.now()
        for interaction in planner.network.interactions(of: person.key) {
            print("  " + HistoryLine.text(interaction, now: now, zone: workspace.zone))
        }
        if let until = try store.snoozedUntil(person.key), until > now {
            print("  snoozed until \(StateAction.day(until, zone: workspace.zone))")
        }
        if try store.isIgnored(person.key) { print("  ignored") }
    }
}

/// One interaction as `history` and `show` list it: the day in the configured zone, what it was, where from.
enum HistoryLine {
    static func text(_ interaction: Interaction, now: Int, zone: ZoneRules) -> String {
        let when = StateAction.day(interaction.start, zone: zone)
        let tense =
            interaction.start > now ? "planned" : interaction.kind.rawValue.replacingOccurrences(of: "_", with: " ")
        // A manual entry's source line is its id in the state.
        let source =
            interaction.kind == .manual
            ? "#\(interaction.source.line), \(interaction.source.file.replacingOccurrences(of: "state:", with: ""))"
            : interaction.source.location
        return "\(when)  \(tense)  \(interaction.summary)  (\(source))"
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Write down something to remember about someone; kith show and their nudges show it."
    )

    @OptionGroup var options: PersonOptions

    @Argument(help: "The note (quote it, or give it as several words).")
    var text: [String]

    func run() throws { try apply(options) { _ in .note(text.joined(separator: " ")) } }
}

struct EveryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "every",
        abstract: "Set how often you mean to meet someone, before [people] in the config and their circle.",
        discussion: """
            A rhythm or circle set here comes first; then every and circle in the config's [people] table; then \
            the circles (members, categories, default_circle). kith undo takes it back; --clear drops it later.
            """
    )

    @OptionGroup var options: PersonOptions

    @Argument(help: "How often, e.g. 10d, 3w, 2mo.")
    var duration: String?

    @Flag(help: "Drop the rhythm set here: the config's applies again.")
    var clear = false

    func validate() throws {
        if (duration == nil) == !clear { throw ValidationError("give either a DURATION or --clear") }
        if let duration, ConfigDuration.parse(duration) == nil {
            throw ValidationError("\"\(duration)\" is not a duration (e.g. 10d, 3w, 2mo)")
        }
    }

    func run() throws { try apply(options) { _ in .every(duration.flatMap { ConfigDuration.parse($0) }) } }
}

struct CircleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circle",
        abstract: "Put someone in one of the config's circles, before [people] in the config and the circles' rules.",
        discussion: """
            The circle must be one the config defines ([circles.NAME]). A circle set here comes first; then \
            circle in [people]; then the circles' members, categories and default_circle. kith undo takes it \
            back; --clear drops it later.
            """
    )

    @OptionGroup var options: PersonOptions

    @Argument(help: "The circle's name, as in [circles.NAME].")
    var name: String?

    @Flag(help: "Drop the circle set here: the config decides again.")
    var clear = false

    func validate() throws {
        if (name == nil) == !clear { throw ValidationError("give either a circle NAME or --clear") }
    }

    func run() throws {
        try apply(options) { workspace in
            guard let name else { return .circle(nil) }
            return .circle(try workspace.circle(named: name))
        }
    }
}

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Take back the last change you made (done, met, snooze, ignore, note, every, circle, forget…).",
        discussion: """
            Each run takes back one more, newest first. What the daemon records itself (digests sent, cards \
            first seen) is not a change of yours and is not undone; an import empties the list (its backup \
            holds the state it replaced). Exits 1 when there is nothing to undo.
            """
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let store = try workspace.openState()
        let undone: StateStore.Change?
        do {
            undone = try store.undoLast()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        guard let undone else {
            FileHandle.standardError.write(Data("error: nothing to undo\n".utf8))
            throw ExitCode(1)
        }
        print("Undid your change of \(StateAction.day(undone.at, zone: workspace.zone)): \(undone.summary)")
    }
}

struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove one meeting or follow-up you told Kith about, by the number kith history shows.",
        discussion:
            "Only what you told Kith (kith met, kith done) can be forgotten; calendars are the files'. kith undo brings it back."
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Argument(help: "The number kith history PERSON shows (#12 or 12).")
    var id: String

    func run() throws {
        guard let number = Int64(id.hasPrefix("#") ? String(id.dropFirst()) : id), number > 0 else {
            throw ValidationError("\"\(id)\" is not an entry number (kith history PERSON lists them, e.g. #12)")
        }
        let workspace = try Workspace.load(config: config)
        let store = try workspace.openState()
        do {
            guard let entry = try store.manualEntry(id: number) else {
                FileHandle.standardError.write(
                    Data("error: there is no entry #\(number) (kith history PERSON lists them)\n".utf8)
                )
                throw ExitCode(1)
            }
            let (planner, _) = try workspace.planner(now: Workspace.now(), state: store)
            let who = planner.network.person(entry.person).map(StateAction.describe) ?? entry.person
            let what = entry.kind == .met ? "met \(who)" : "done with \(who)"
            let summary = "Forgot #\(number): \(what) on \(StateAction.day(entry.at, zone: workspace.zone))."
            guard try store.forget(number, summary: summary, now: Workspace.now()) else {
                FileHandle.standardError.write(Data("error: entry #\(number) is already gone\n".utf8))
                throw ExitCode(1)
            }
            print(summary)
        } catch let error as StateError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Back up or restore what Kith remembers.",
        subcommands: [Export.self, Import.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the whole state as JSON.")

        @Option(name: .long, help: "The config file.")
        var config: String?

        func run() throws {
            let store = try Workspace.load(config: config).openState()
            print(try store.exportJSON())
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the state with an export (all or nothing), keeping a backup of the state it replaces.",
            discussion: """
                The whole file is checked before anything changes; a file with any problem is refused (exit 1) \
                with every problem and where it is, and the state stays as it was. The state replaced is saved \
                first as state_dir/backups/state-<UTC time>.json, itself a file this command imports.
                """
        )

        @Option(name: .long, help: "The config file.")
        var config: String?

        @Flag(name: .long, help: "Check the file and show what would change, changing nothing.")
        var dryRun = false

        @Argument(help: "A file written by `kith state export`.")
        var file: String

        func run() throws {
            let store = try Workspace.load(config: config).openState()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Self.fail(["\(file): cannot read the file"])
            }
            let summary: StateStore.ImportSummary
            do {
                summary =
                    dryRun
                    ? try store.importPreview(Array(data), from: file)
                    : try store.importJSON(Array(data), from: file, now: Workspace.now())
            } catch {
                throw Self.fail(String(describing: error).split(separator: "\n").map(String.init))
            }
            let changes = summary.changes.map { "  \($0.section.rawValue): \($0.before) → \($0.after)" }
            if let backup = summary.backup {
                print("Imported \(file) into \(store.path).")
                print("The state it replaced is saved in \(backup).")
                print(changes.joined(separator: "\n"))
            } else {
                print("\(file) can be imported; rows per section, now → after:")
                print(changes.joined(separator: "\n"))
                print("Nothing changed (--dry-run).")
            }
        }

        /// Prints each problem as an error line, like a compiler; the exit status to end with.
        private static func fail(_ lines: [String]) -> ExitCode {
            // What the file holds is escaped in the messages already; no control character reaches the terminal.
            let text = lines.map { "error: \(PrintableText.printable($0))\n" }.joined()
            FileHandle.standardError.write(Data(text.utf8))
            return ExitCode(1)
        }
    }
}
