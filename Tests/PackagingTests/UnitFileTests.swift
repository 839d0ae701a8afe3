import Foundation
import KithTestSupport
import Testing

/// The systemd units as `make install` generates them: checked statically (systemd is not PID 1 here, so
/// they cannot be started), and by `systemd-analyze` where it exists.
@Suite struct UnitFileTests {
    struct Unit: CustomTestStringConvertible, Sendable {
        var path: String
        var system: Bool
        var testDescription: String { path }
    }

    static let units = [
        Unit(path: "/usr/local/lib/systemd/system/kith.service", system: true),
        Unit(path: "/usr/local/lib/systemd/system/kith@.service", system: true),
        Unit(path: "/usr/local/lib/systemd/user/kith.service", system: false),
    ]

    /// `Key=value` pairs of a unit file, in order, without comments.
    static func settings(_ unit: Unit) throws -> [(key: String, value: String)] {
        let text = try String(contentsOf: Stage.installed(unit.path), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    @Test(arguments: units) func systemUnitsDoNotUseTheManagersHome(_ unit: Unit) throws {
        try Stage.require()
        let text = try String(contentsOf: Stage.installed(unit.path), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        if unit.system {
            // systemd.unit(5): in the system manager %h is root's home, whatever User= says.
            #expect(!lines.contains { $0.contains("%h") }, "\(unit.path) uses %h")
        } else {
            #expect(lines.contains { $0.contains("%h/.config/kith/kith.toml") })
        }
    }

    @Test(arguments: units) func everyCredentialHasAFallback(_ unit: Unit) throws {
        try Stage.require()
        let settings = try Self.settings(unit)
        let loaded = settings.filter { $0.key == "LoadCredential" }.map { String($0.value.split(separator: ":")[0]) }
        let fallbacks = Set(
            settings.filter { $0.key == "SetCredential" }.map { String($0.value.split(separator: ":")[0]) }
        )
        #expect(!loaded.isEmpty, "the SMTP password is passed as a credential")
        for id in loaded {
            // systemd.exec(5): a SetCredential= of the same ID is the default when the file cannot be read,
            // and then the missing file is not fatal.
            #expect(fallbacks.contains(id), "\(unit.path): LoadCredential=\(id) has no SetCredential= fallback")
        }
    }

    @Test(arguments: units) func pathsAreUnderThePrefixOrEtc(_ unit: Unit) throws {
        try Stage.require()
        var checked = 0
        for (key, value) in try Self.settings(unit) where key.hasPrefix("Exec") || key == "Documentation" {
            for word in value.split(separator: " ") {
                let path = word.hasPrefix("file://") ? String(word.dropFirst("file://".count)) : String(word)
                guard path.hasPrefix("/") else { continue }
                checked += 1
                let allowed = path.hasPrefix(Stage.prefix + "/") || path.hasPrefix("/etc/") || path == "/bin/kill"
                #expect(allowed, "\(unit.path): \(key) names \(path), outside \(Stage.prefix) and /etc")
                if key.hasPrefix("Exec"), path.hasPrefix(Stage.prefix) {
                    #expect(FileManager.default.isExecutableFile(atPath: Stage.installed(path).path))
                }
            }
        }
        #expect(checked >= 3)
        let execStart = try Self.settings(unit).first { $0.key == "ExecStart" }?.value
        #expect(execStart?.hasPrefix(Stage.prefix + "/bin/kith run") == true)
    }

    @Test func theTemplateRunsAsItsUserAndFindsTheirConfig() throws {
        try Stage.require()
        let settings = try Self.settings(Self.units[1])
        #expect(settings.contains { $0 == ("User", "%i") })
        #expect(settings.contains { $0 == ("StateDirectory", "kith/%i") })
        // No --config: Kith finds $HOME/.config/kith/kith.toml, and systemd sets $HOME for User=.
        #expect(settings.first { $0.key == "ExecStart" }?.value.contains("--config") == false)
        #expect(!settings.contains { $0.key == "Environment" && $0.value.contains("KITH_CONFIG") })
    }

    @Test(.enabled(if: Command.exists("systemd-analyze")), arguments: units)
    func systemdAnalyzeVerifies(_ unit: Unit) throws {
        try Stage.require()
        let (folder, file) = try Self.copyForAnalysis(unit)
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = ["verify", file.path]
        if !unit.system { arguments.insert("--user", at: 0) }
        let result = try Command.run(
            "systemd-analyze",
            arguments,
            environment: ["MANPATH": Stage.installed(Stage.prefix + "/share/man").path, "XDG_RUNTIME_DIR": folder.path]
        )
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.err.isEmpty, "systemd-analyze verify: \(result.err)")
    }

    @Test(.enabled(if: Command.exists("systemd-analyze")), arguments: units)
    func exposureIsAtMostOnePointFive(_ unit: Unit) throws {
        try Stage.require()
        let (folder, file) = try Self.copyForAnalysis(unit)
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = ["security", "--offline=yes", "--no-pager", file.path]
        if !unit.system { arguments.insert("--user", at: 0) }
        let result = try Command.run("systemd-analyze", arguments, environment: ["XDG_RUNTIME_DIR": folder.path])
        let line = try #require(result.out.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let words = line.split(separator: " ")
        let index = try #require(words.firstIndex { $0.hasSuffix(":") && $0.contains("service") })
        let exposure = try #require(Double(words[words.index(after: index)]))
        #expect(exposure <= 1.5, "\(line)")
    }

    /// The unit under a name systemd accepts (a template needs an instance), in a private folder that also
    /// serves as the user manager's runtime directory. Its commands point at the staged binary, which
    /// `verify` checks is executable: `--root=` would also need the host's targets and /bin/kill inside.
    static func copyForAnalysis(_ unit: Unit) throws -> (URL, URL) {
        let folder = try TemporaryFolder.make("kith-units")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        let name = unit.path.hasSuffix("@.service") ? "kith@alice.service" : "kith.service"
        let file = folder.appendingPathComponent(name)
        let text = try String(contentsOf: Stage.installed(unit.path), encoding: .utf8)
        let staged = text.replacingOccurrences(of: Stage.prefix + "/bin/kith", with: Stage.binary.path)
        try staged.write(to: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }
}
