import Foundation
import KithTestSupport
import Testing

/// The `kith` executable as users run it: exit statuses and what it prints.
@Suite struct ConfigCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try KithProcess.run(arguments, environment: environment)
    }

    static func temporaryFolder() throws -> URL { try TemporaryFolder.make("kith-cli") }

    @Test func exampleConfigPasses() throws {
        let result = try Self.run([
            "check-config", "--config", Self.packageRoot.appendingPathComponent("config/kith.toml.example").path,
        ])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("[circles.close]"))
    }

    @Test func badConfigExits78WithEveryError() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.toml").path
        try Data("inbox = \"/in\"\n[digest]\ntiem = \"08:00\"\nto = \"x\"\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try Self.run(["check-config"], environment: ["KITH_CONFIG": path])
        #expect(result.status == 78)
        #expect(result.err.contains("\(path):3:1: error: unknown setting digest.tiem; did you mean time?"))
        #expect(result.err.contains("\(path):4:1: error: digest.to: \"x\" is not an e-mail address"))
    }

    @Test func syntaxOnlyJSON() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.toml").path
        try Data("a.b = [1, \"x\"]\n".utf8).write(to: URL(fileURLWithPath: good))
        let ok = try Self.run(["check-config", "--syntax-only", "--json", good])
        #expect(ok.status == 0)
        #expect(
            ok.out
                == "{\"a\": {\"b\": [{\"type\": \"integer\", \"value\": \"1\"}, {\"type\": \"string\", \"value\": \"x\"}]}}\n"
        )
        let bad = folder.appendingPathComponent("bad.toml").path
        try Data("a = 1\na = 2\n".utf8).write(to: URL(fileURLWithPath: bad))
        let failed = try Self.run(["check-config", "--syntax-only", "--json", bad])
        #expect(failed.status == 1)
        #expect(failed.err.hasPrefix("\(bad):2:1: error: duplicate key"))
    }

    @Test func initWritesAStarterConfigOnce() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Self.run(
            ["init", folder.path, "--email", "ana@example.org"],
            environment: ["TZ": "Europe/Helsinki"]
        )
        #expect(first.status == 0, "\(first.err)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("inbox").path))
        let check = try Self.run(["check-config", "--config", folder.appendingPathComponent("kith.toml").path])
        #expect(check.status == 0, "\(check.err)")
        let again = try Self.run(["init", folder.path])
        #expect(again.status == 1)
        #expect(again.err.contains("already exists"))
    }
}
