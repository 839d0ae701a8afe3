import ArgumentParser
import Foundation
import KithCore
import KithSources
import KithStore

/// `kith sources`: each configured feed, how its fetches went, and when the next is due; `kith sources fetch
/// [NAME]` fetches now.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the calendars and address books fetched from URLs: last success, last error, size, next fetch.",
        subcommands: [List.self, Fetch.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Each source's last success, last error, size and next fetch (the default)."
        )

        @Option(name: .long, help: "The config file.")
        var config: String?

        func run() throws {
            let workspace = try Workspace.load(config: config)
            let states = try workspace.openState().sourceStates()
            let calendar = CivilCalendar(zone: workspace.zone)
            if workspace.settings.sources.isEmpty { print("no sources configured ([sources.NAME] in the config)") }
            for source in workspace.settings.sources {
                for line in SourcesCommand.describe(source, states[source.name], calendar: calendar) { print(line) }
            }
        }
    }

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Fetch every source now, or the one named; exits 1 when a fetch failed (its last copy is kept)."
        )

        @Option(name: .long, help: "The config file.")
        var config: String?

        @Argument(help: "The source to fetch (its name in [sources.NAME]); all when omitted.")
        var name: String?

        func run() throws {
            let workspace = try Workspace.load(config: config)
            let settings = workspace.settings
            let chosen = settings.sources.filter { name == nil || $0.name == name }
            if let name, chosen.isEmpty {
                let known = settings.sources.map(\.name).joined(separator: ", ")
                throw ValidationError(
                    "no source \"\(name)\" in the config\(known.isEmpty ? "" : " (there are: \(known))")"
                )
            }
            let store = try workspace.openState()
            SourceFiles.prune(settings)
            try store.forgetSources(keeping: Set(settings.sources.map(\.name)))
            let states = try store.sourceStates()
            var failed = false
            for source in chosen {
                var known = states[source.name] ?? SourceState(name: source.name)
                if let url = known.url, url != source.fetchURL { known = known.readdressed(now: Workspace.now()) }
                let (state, outcome) = SourceFetch.fetch(
                    source,
                    state: known,
                    folder: SourceFetch.folder(settings),
                    now: Workspace.now()
                )
                try store.saveSourceState(state)
                switch outcome {
                case .updated(let path, let bytes):
                    print("\(source.name): fetched \(Plural.of(bytes, "byte")) into \(path)")
                case .notModified: print("\(source.name): not modified since the last fetch")
                case .failed(let why):
                    print("\(source.name): failed: \(why)")
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    /// The digest footer's lines for sources failing for more than a day.
    static func failingLines(_ workspace: Workspace, store: StateStore, now: Int) throws -> [String] {
        guard !workspace.settings.sources.isEmpty else { return [] }
        return SourceStatus.failingLines(
            workspace.settings,
            states: try store.sourceStates(),
            now: now,
            calendar: CivilCalendar(zone: workspace.zone)
        )
    }

    /// A source in a few lines: its masked address, then how it stands.
    static func describe(_ source: Settings.Source, _ state: SourceState?, calendar: CivilCalendar) -> [String] {
        var lines = ["\(source.name): \(source.maskedURL), every \(CivilCalendar.spell(source.every))"]
        guard let state else { return lines + ["  never fetched"] }
        if let url = state.url, url != source.fetchURL {
            lines.append("  the address changed since the last fetch; what follows is about the old one")
        }
        lines.append("  last success: \(state.lastSuccess.map(calendar.moment) ?? "never")")
        if let error = state.lastError {
            let since =
                state.failingSince.map {
                    " (failing since \(calendar.moment($0)), \(Plural.of(state.failures, "attempt")))"
                } ?? ""
            lines.append("  last error: \(error)\(since)")
        }
        if let file = state.file, let size = state.size { lines.append("  copy: \(file), \(Plural.of(size, "byte"))") }
        if let next = state.nextFetch { lines.append("  next fetch: \(calendar.moment(next))") }
        return lines
    }
}
