import ArgumentParser
import Foundation
import KithCore
import KithFormats
import KithSources
import KithStore

/// Everything a planning command needs, loaded from disk: settings, the inbox's documents, the zone.
struct Workspace {
    var configPath: String
    var settings: Settings
    var documents: [Document]
    var zone: ZoneRules
    var database: TimeZoneDatabase

    /// Loads the config (exit 78 on errors) and reads every file of the inbox.
    ///
    /// With `preflight` (the service), what `run` would fail on later (a missing inbox, a state folder it
    /// cannot write, an unreadable password file) also ends it with 78, before anything is read or written;
    /// other commands only warn about a missing inbox.
    static func load(config: String?, preflight: Bool = false) throws -> Workspace {
        let path = ConfigFile.resolve(config)
        let loaded = try ConfigFile.load(path: path)
        ConfigFile.printDiagnostics(loaded.diagnostics)
        guard let read = loaded.settings else { throw ExitCode(ConfigFile.exitCode) }
        let settings = resolvingFolders(read, configPath: path)
        let database = TimeZoneDatabase()
        guard let zone = database.rules(named: settings.timezone) else {
            FileHandle.standardError.write(Data("\(path): time zone \(settings.timezone) is not installed\n".utf8))
            throw ExitCode(ConfigFile.exitCode)
        }
        if preflight {
            let problems = Preflight.checking(settings, configPath: path).diagnostics(.system)
            ConfigFile.printDiagnostics(problems)
            if problems.contains(where: { $0.severity == .error }) { throw ExitCode(ConfigFile.exitCode) }
        }
        var documents: [Document] = []
        if FileManager.default.fileExists(atPath: settings.inbox) {
            documents = Self.readInParallel(try Self.inputFiles(settings))
        } else {
            FileHandle.standardError.write(Data("warning: inbox \(settings.inbox) does not exist yet\n".utf8))
            documents = Self.readInParallel(SourceFiles.copies(settings))
        }
        return Workspace(configPath: path, settings: settings, documents: documents, zone: zone, database: database)
    }

    /// The inbox's files, then the copies of the sources (`state_dir/sources`): what every command reads.
    static func inputFiles(_ settings: Settings) throws -> [String] {
        try InputFiles.expand([settings.inbox]) + SourceFiles.copies(settings)
    }

    /// The settings with `inbox` and `state_dir` made absolute: relative folders are relative to the config
    /// file, not to wherever the command was started. Resolving twice changes nothing.
    static func resolvingFolders(_ settings: Settings, configPath: String) -> Settings {
        let base = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        func absolute(_ folder: String) -> String {
            folder.hasPrefix("/") ? folder : base.appendingPathComponent(folder).standardizedFileURL.path
        }
        var settings = settings
        settings.inbox = absolute(settings.inbox)
        settings.stateDirectory = absolute(settings.stateDirectory)
        // Files named in the config are relative to it too, as the folders are.
        settings.mail.passwordFile = settings.mail.passwordFile.map(absolute)
        settings.mail.caFile = settings.mail.caFile.map(absolute)
        for index in settings.sources.indices {
            settings.sources[index].passwordFile = settings.sources[index].passwordFile.map(absolute)
            settings.sources[index].caFile = settings.sources[index].caFile.map(absolute)
        }
        return settings
    }

    /// Parses files on all cores (`Parallel.ranges`); the result keeps the files' order.
    static func readInParallel(_ files: [String]) -> [Document] {
        Parallel.ranges(files.count, minimumPerRange: 1) { range in range.map { InputFiles.read(files[$0]) } }
            .flatMap { $0 }
    }

    /// The state database in `state_dir`; a damaged or newer one is reported with how to recover (exit 1).
    ///
    /// A command run by root hands what it writes there to the folder's owner (see `StateOwnership`).
    func openState() throws -> StateStore {
        StateOwnership.handOverAtExit(settings.stateDirectory)
        do {
            let store = try StateStore(path: settings.stateDirectory + "/kith.sqlite")
            // Now as well as at exit: a command killed before it ends must not leave the database root's.
            StateOwnership.handOver(settings.stateDirectory)
            return store
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The network and planner at `now`, with what the state remembers. First sights of cards are recorded
    /// at the real time (not `now`, which may be a preview's `--at`).
    func planner(now: Int, state store: StateStore?) throws -> (Planner, [Diagnostic]) {
        guard let store else {
            let made = Planner.make(documents: documents, settings: settings, now: now, zone: zone, database: database)
            return (made.planner, made.diagnostics)
        }
        return try store.planner(
            documents: documents,
            settings: settings,
            now: now,
            seenAt: Self.now(),
            zone: zone,
            database: database
        )
    }

    /// The one person `query` (an address, a full name or a unique part of one) names; exits 1 when none or
    /// several.
    func person(_ query: String, in network: Network) throws -> Person {
        switch network.resolve(query) {
        case .one(let person):
            return person
        case .none:
            FileHandle.standardError.write(Data("error: no one in your network matches \"\(query)\"\n".utf8))
        case .ambiguous(let found):
            var text = "error: \"\(query)\" matches \(found.count) people; say which:\n"
            for person in found.prefix(20) { text += "  \(person.name) <\(person.emails.first ?? person.key)>\n" }
            FileHandle.standardError.write(Data(text.utf8))
        }
        throw ExitCode(1)
    }

    /// The circle the config defines under `name`, ignoring case, as the config spells it; exits 2 naming the
    /// circles there are when there is none.
    func circle(named name: String) throws -> String {
        let names = settings.circles.map(\.name)
        if let found = names.first(where: { $0.lowercased() == name.lowercased() }) { return found }
        let known = names.isEmpty ? "the config defines none" : "the config has \(names.joined(separator: ", "))"
        FileHandle.standardError.write(Data("error: there is no circle \"\(name)\" (\(known))\n".utf8))
        throw ExitCode(2)
    }

    /// Reads a date as the command line takes it (`DateExpression`: a date, `today`, a weekday, `-2w`…) as a
    /// wall time in the configured zone, midnight when no time is written; a weekday is the nearest one in
    /// `direction`.
    func instant(_ text: String, direction: DateExpression.Direction) throws -> Int {
        let today = zone.local(atUTC: Self.now()).date
        guard let expression = DateExpression.parse(text, today: today, direction: direction) else {
            throw ValidationError("\"\(text)\" is not a date (\(DateExpression.forms))")
        }
        return zone.instant(ofLocal: CivilDateTime(date: expression.date, secondOfDay: expression.secondOfDay ?? 0))
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970) }
}
