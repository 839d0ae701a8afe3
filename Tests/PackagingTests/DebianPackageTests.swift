import Foundation
import KithTestSupport
import Testing

/// The package `make deb` builds: lintian accepts it, and the binary inside runs on its own.
@Suite struct DebianPackageTests {
    static func package() throws -> URL {
        let folder = Stage.repository.appendingPathComponent(".build/deb")
        let name = try #require(
            (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.first { $0.hasSuffix(".deb") },
            "no package in \(folder.path): run `make test`, which runs `make deb` first"
        )
        return folder.appendingPathComponent(name)
    }

    @Test(.enabled(if: Command.exists("lintian"))) func lintianFindsNoErrors() throws {
        let result = try Command.run(
            "lintian",
            ["--fail-on", "error", "--no-tag-display-limit", try Self.package().path]
        )
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(!result.out.split(separator: "\n").contains { $0.hasPrefix("E:") }, "\(result.out)")
    }

    @Test func theUnpackedBinaryRuns() throws {
        let folder = try TemporaryFolder.make("kith-deb")
        defer { try? FileManager.default.removeItem(at: folder) }
        let unpacked = folder.appendingPathComponent("root")
        let extract = try Command.run("dpkg-deb", ["-x", try Self.package().path, unpacked.path])
        #expect(extract.status == 0, "\(extract.err)")
        let binary = unpacked.appendingPathComponent("usr/bin/kith")
        let version = try Stage.runWithoutToolchain(binary, ["--version"])
        #expect(version.status == 0 && version.out.contains("(commit "), "\(version.out)\(version.err)")

        let examples = try Stage.exampleCopy()
        defer { try? FileManager.default.removeItem(at: examples) }
        let preview = try Stage.runWithoutToolchain(
            binary,
            ["preview", "--config", "kith.toml", "--at", "2026-11-30T08:00"],
            in: examples
        )
        #expect(preview.status == 0 && preview.out.contains("Reconnect"), "\(preview.err)")
        for unit in ["usr/lib/systemd/system/kith.service", "usr/lib/systemd/system/kith@.service"] {
            let text = try String(contentsOf: unpacked.appendingPathComponent(unit), encoding: .utf8)
            #expect(text.contains("ExecStart=/usr/bin/kith run"), "\(unit) does not run /usr/bin/kith")
        }
    }

    @Test func controlNamesTheLibrariesTheBinaryNeeds() throws {
        let result = try Command.run("dpkg-deb", ["--field", try Self.package().path, "Depends"])
        #expect(result.status == 0)
        #expect(result.out.contains("libcurl4"), "\(result.out)")
        #expect(result.out.contains("libsqlite3-0"), "\(result.out)")
        #expect(result.out.contains("libc6"), "\(result.out)")
    }
}
