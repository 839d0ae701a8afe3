import ArgumentParser
import Foundation
import KithCore
import KithFormats
import KithMail

/// `kith preview`: the digest that would go out at a moment.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the digest that would go out now, or at --at (YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html, json
    }

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "The moment to plan for, in the configured time zone (YYYY-MM-DD[THH:MM], a weekday, +1w)."
    )
    var at: String?

    @Option(name: .long, help: "text, html or json.")
    var format: Format = .text

    func run() throws {
        let workspace = try Workspace.load(config: config)
        let now = try at.map { try workspace.instant($0, direction: .future) } ?? Workspace.now()
        let store = try workspace.openState()
        let (planner, diagnostics) = try workspace.planner(now: now, state: store)
        for diagnostic in diagnostics where diagnostic.severity == .error {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        let digest = Digest.compose(
            planner,
            waitingMail: Delivery.pendingLines(try Delivery.outboxForCommand(settings: workspace.settings)),
            failingSources: try SourcesCommand.failingLines(workspace, store: store, now: now)
        )
        switch format {
        case .text: print("Subject: \(digest.subject)\n\n" + digest.text, terminator: "")
        case .html: print(digest.html, terminator: "")
        case .json: print(digest.json)
        }
    }
}
