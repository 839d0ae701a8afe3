import Foundation
import KithTestSupport
import Testing

/// What `make install DESTDIR=… PREFIX=/usr/local` lays down, and the binary it installs.
@Suite struct InstalledTreeTests {
    static let expected = [
        "bin/kith",
        "lib/systemd/system/kith.service",
        "lib/systemd/system/kith@.service",
        "lib/systemd/user/kith.service",
        "share/man/man1/kith.1",
        "share/man/man5/kith.toml.5",
        "share/bash-completion/completions/kith",
        "share/zsh/site-functions/_kith",
        "share/fish/vendor_completions.d/kith.fish",
        "share/doc/kith/README.md",
        "share/doc/kith/CHANGELOG.md",
        "share/doc/kith/LICENSE",
        "share/doc/kith/examples/kith.toml",
        "share/doc/kith/examples/kith-system.toml",
    ]

    @Test func everythingIsInItsPlaceAndNothingOutsideThePrefix() throws {
        try Stage.require()
        let files = Stage.files(under: Stage.root)
        #expect(files == Self.expected.map { "usr/local/" + $0 }.sorted())
        let mode = try FileManager.default.attributesOfItem(atPath: Stage.binary.path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
    }

    @Test func theBinaryNeedsNoSwiftLibrariesAndIsStripped() throws {
        try Stage.require()
        let ldd = try Command.run("ldd", [Stage.binary.path])
        #expect(ldd.status == 0)
        #expect(!ldd.out.contains("libswift"), "\(ldd.out)")
        #expect(!ldd.out.contains("Foundation"), "\(ldd.out)")
        #expect(!ldd.out.contains("not found"), "\(ldd.out)")
        let dynamic = try Command.run("readelf", ["--dynamic", Stage.binary.path])
        #expect(!dynamic.out.contains("RUNPATH") && !dynamic.out.contains("RPATH"), "\(dynamic.out)")
        let sections = try Command.run("readelf", ["--section-headers", Stage.binary.path])
        #expect(sections.status == 0)
        #expect(!sections.out.contains(".symtab"), "the binary is not stripped")
    }

    @Test func itRunsWhereNoToolchainIs() throws {
        try Stage.require()
        // The test's own debug build does need the toolchain: hiding it must really hide something.
        let debug = try Stage.runWithoutToolchain(KithProcess.executable, ["--version"])
        #expect(debug.status != 0 && debug.err.contains("libswift"), "\(debug.err)")

        let version = try Stage.runWithoutToolchain(Stage.binary, ["--version"])
        #expect(version.status == 0, "\(version.err)")
        let words = version.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        #expect(words.first.map { $0.split(separator: ".").count == 3 } == true, "\(version.out)")
        // "0.1.0 (commit 0123456789ab)": a commit this repository knows, as `make` recorded it.
        let commit = try #require(words.last.map { String($0.dropLast().prefix(12)) }, "\(version.out)")
        #expect(version.out.contains("(commit "))
        let known = try Command.run("git", ["-C", Stage.repository.path, "cat-file", "-e", commit + "^{commit}"])
        #expect(known.status == 0, "\(version.out) names no commit of this repository")

        let folder = try Stage.exampleCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let preview = try Stage.runWithoutToolchain(
            Stage.binary,
            ["preview", "--config", "kith.toml", "--at", "2026-11-30T08:00"],
            in: folder
        )
        #expect(preview.status == 0, "\(preview.err)")
        #expect(preview.out.contains("Follow up"), "\(preview.out)")
        #expect(preview.out.contains("Reconnect"), "\(preview.out)")
    }

    @Test func bashCompletionLoads() throws {
        try Stage.require()
        let script = Stage.installed(Stage.prefix + "/share/bash-completion/completions/kith").path
        let result = try Command.run("bash", ["-c", "source \"$0\" && complete -p kith", script])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("kith"))
        let fish = try String(
            contentsOf: Stage.installed(Stage.prefix + "/share/fish/vendor_completions.d/kith.fish"),
            encoding: .utf8
        )
        #expect(fish.contains("complete -c 'kith'"))
        let zsh = try String(
            contentsOf: Stage.installed(Stage.prefix + "/share/zsh/site-functions/_kith"),
            encoding: .utf8
        )
        #expect(zsh.hasPrefix("#compdef kith"))
    }
}
