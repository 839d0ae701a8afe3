import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithFormats
import KithMail
import KithStore

/// `kith status`: from the state and the files, so it works whether or not the daemon runs.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Whether the daemon runs, what it watches, the next and last digest, and the outbox."
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let store = try workspace.openState()
        let settings = workspace.settings
        let pidText = (try? String(contentsOfFile: Service.pidFile(settings), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let pidText, let pid = Int32(pidText), kill(pid, 0) == 0 {
            print("daemon: running (pid \(pid))")
        } else {
            print("daemon: not running")
        }
        let (planner, _) = try workspace.planner(now: Workspace.now(), state: store)
        print(
            "inbox: \(settings.inbox), \(Plural.of(workspace.documents.count, "file")), \(Plural.of(planner.network.people.count, "person", "people"))"
        )
        for document in workspace.documents {
            if let problem = document.diagnostics.first(where: { $0.severity == .error }), document.isEmpty {
                print("  unreadable: \(problem)")
            }
        }
        let next = DigestSchedule(settings: settings, zone: workspace.zone).next(after: Workspace.now())
        let local = workspace.zone.local(atUTC: next)
        print(
            "next digest: \(CivilCalendar.short(local.date)) \(local.date.year) "
                + String(format: "%02d:%02d", local.hour, local.minute)
        )
        if let last = try store.lastSent() {
            let sent = workspace.zone.local(atUTC: last.at)
            print("last digest sent: \(last.slot) on \(CivilCalendar.short(sent.date)) \(sent.date.year)")
        } else {
            print("last digest sent: none yet")
        }
        if !settings.sources.isEmpty {
            let states = try store.sourceStates()
            print("sources: \(Plural.of(settings.sources.count, "source"))")
            for source in settings.sources {
                let lines = SourcesCommand.describe(
                    source,
                    states[source.name],
                    calendar: CivilCalendar(zone: workspace.zone)
                )
                for line in lines { print("  \(line)") }
            }
        }
        let waiting = Delivery.pendingLines(try Delivery.outboxForCommand(settings: settings))
        print("outbox: \(waiting.isEmpty ? "empty" : "\(waiting.count) waiting or failed")")
        for line in waiting { print("  \(line)") }
    }
}
