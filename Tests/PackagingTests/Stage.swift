import Foundation
import KithTestSupport
import Testing

/// Where `make test` puts what these tests check: `make install DESTDIR=.build/stage PREFIX=/usr/local` and
/// `make deb`. Run through `make test`; alone, the tests fail and say so.
enum Stage {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let prefix = "/usr/local"
    static let root = repository.appendingPathComponent(".build/stage")

    /// A path of the installed tree, as it would be on the host (`/usr/local/bin/kith`), inside the stage.
    static func installed(_ path: String) -> URL { root.appendingPathComponent(String(path.dropFirst())) }

    static var binary: URL { installed(prefix + "/bin/kith") }

    /// Fails the test when the stage is missing: these tests must not pass on an empty tree.
    static func require() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "no staged install at \(root.path): run `make test`, which runs `make stage deb` first"
        )
    }

    /// Every file and link below `folder`, as paths relative to it.
    static func files(under folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
            if !isFolder.boolValue { paths.append(path) }
        }
        return paths.sorted()
    }

    /// The Swift toolchain's root (`/opt/swift` for `/opt/swift/usr/bin/swift`), to hide it from a binary.
    static func toolchainRoot() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folder = try #require(
            path.split(separator: ":").first { FileManager.default.isExecutableFile(atPath: "\($0)/swift") },
            "swift is not on PATH"
        )
        let swift = URL(fileURLWithPath: "\(folder)/swift").resolvingSymlinksInPath()
        // …/usr/bin/swift → …
        return swift.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Runs `binary ARGUMENTS` in a mount namespace where the toolchain's folder is an empty tmpfs, as on a
    /// host where Swift was never installed.
    static func runWithoutToolchain(
        _ binary: URL,
        _ arguments: [String],
        in directory: URL? = nil
    ) throws
        -> ProcessResult
    {
        let hidden = try toolchainRoot()
        let script = "mount -t tmpfs none \"$0\" && exec \"$@\""
        return try Command.run(
            "unshare",
            ["--mount", "--propagation", "private", "sh", "-c", script, hidden, binary.path] + arguments,
            in: directory
        )
    }

    /// A copy of the example network and its config in a fresh folder (the config's paths are relative).
    static func exampleCopy() throws -> URL {
        let folder = try TemporaryFolder.make("kith-packaging")
        let examples = repository.appendingPathComponent("examples")
        try FileManager.default.copyItem(
            at: examples.appendingPathComponent("inbox"),
            to: folder.appendingPathComponent("inbox")
        )
        try FileManager.default.copyItem(
            at: examples.appendingPathComponent("kith.toml"),
            to: folder.appendingPathComponent("kith.toml")
        )
        return folder
    }
}
