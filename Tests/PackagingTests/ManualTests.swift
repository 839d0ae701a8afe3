import Foundation
import KithTestSupport
import Testing

/// kith(1) and kith.toml(5) as installed: lint clean, and the config page names every setting.
@Suite struct ManualTests {
    static let pages = ["/usr/local/share/man/man1/kith.1", "/usr/local/share/man/man5/kith.toml.5"]

    @Test(.enabled(if: Command.exists("mandoc")), arguments: pages)
    func mandocFindsNothingToWarnAbout(_ page: String) throws {
        try Stage.require()
        let result = try Command.run("mandoc", ["-T", "lint", "-W", "warning", Stage.installed(page).path])
        #expect(result.status == 0 && result.out.isEmpty && result.err.isEmpty, "\(result.out)\(result.err)")
    }

    @Test(arguments: pages) func groffFindsNothingToWarnAbout(_ page: String) throws {
        try Stage.require()
        let result = try Command.run("groff", ["-ww", "-z", "-mandoc", Stage.installed(page).path])
        #expect(result.status == 0 && result.err.isEmpty, "\(result.err)")
    }

    @Test func kithPageHasEveryCommand() throws {
        try Stage.require()
        let page = try String(contentsOf: Stage.installed(Self.pages[0]), encoding: .utf8)
        let help = try KithProcess.run(["--help"])
        // The SUBCOMMANDS list of --help: "  name   abstract" lines (continuations are indented further).
        let commands = help.out.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("SUBCOMMANDS") }.dropFirst().prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(commands.count >= 10, "\(help.out)")
        for command in commands { #expect(page.contains(".It Em \(command)"), "kith(1) lacks \(command)") }
    }

    /// Every key of the documented example config (set or shown commented out) is described in kith.toml(5).
    @Test func configPageHasEverySetting() throws {
        try Stage.require()
        let page = try String(contentsOf: Stage.installed(Self.pages[1]), encoding: .utf8)
        let example = try String(
            contentsOf: Stage.repository.appendingPathComponent("config/kith.toml.example"),
            encoding: .utf8
        )
        var keys: Set<String> = []
        for line in example.split(separator: "\n") {
            var text = line.drop { $0 == " " }
            if text.hasPrefix("# ") { text = text.dropFirst(2) }
            guard let equals = text.firstIndex(of: "="), let first = text.first, first.isLetter, first.isLowercase
            else { continue }
            let key = text[..<equals].trimmingCharacters(in: .whitespaces)
            if key.allSatisfy({ $0.isLetter || $0 == "_" }) { keys.insert(key) }
        }
        #expect(keys.count >= 30, "\(keys.sorted())")
        for key in keys { #expect(page.contains(".It Cm \(key) "), "kith.toml(5) does not describe \(key)") }
    }
}
