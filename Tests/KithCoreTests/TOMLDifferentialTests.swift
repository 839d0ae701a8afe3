import Foundation
import KithCore
import Testing

/// Kith's TOML reader against Python's tomllib: same documents, same decoded values, same verdicts.
@Suite struct TOMLDifferentialTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Verdict {
        var ok: Bool
        var document: NSDictionary?
        var error: String
    }

    /// Runs scripts/toml-tagged.py over the files, keyed by path.
    static func tomllib(_ paths: [String]) throws -> [String: Verdict] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/toml-tagged.py").path] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var verdicts: [String: Verdict] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            verdicts[object["file"] as! String] = Verdict(
                ok: object["ok"] as! Bool,
                document: object["doc"] as? NSDictionary,
                error: object["error"] as? String ?? ""
            )
        }
        return verdicts
    }

    static func kith(_ path: String) throws -> Verdict {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        switch TOMLParser.parse(bytes) {
        case .success(let table):
            let object = try JSONSerialization.jsonObject(with: Data(table.taggedJSON.utf8)) as! NSDictionary
            return Verdict(ok: true, document: object, error: "")
        case .failure(let error):
            return Verdict(
                ok: false,
                document: nil,
                error: "\(error.position.line):\(error.position.column): \(error.message)"
            )
        }
    }

    static func compare(_ paths: [String]) throws -> [String] {
        let reference = try tomllib(paths)
        var disagreements: [String] = []
        for path in paths {
            let theirs = try #require(reference[path])
            let ours = try kith(path)
            if theirs.ok != ours.ok {
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "?"
                disagreements.append(
                    "\(path): tomllib \(theirs.ok ? "accepts" : "refuses (\(theirs.error))"), Kith \(ours.ok ? "accepts" : "refuses (\(ours.error))")\n\(text)"
                )
            } else if theirs.ok, theirs.document != ours.document {
                disagreements.append(
                    "\(path): decoded differently\n tomllib: \(theirs.document!)\n kith: \(ours.document!)"
                )
            }
        }
        return disagreements
    }

    @Test func generatedDocumentsDecodeAsTomllibDecodes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-toml-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = TOMLGenerator(seed: 2026)
        var paths: [String] = []
        for index in 0..<600 {
            let text = index % 6 == 5 ? generator.brokenDocument() : generator.document()
            let url = folder.appendingPathComponent("doc\(index).toml")
            try Data(text.utf8).write(to: url)
            paths.append(url.path)
        }
        let disagreements = try Self.compare(paths)
        #expect(
            disagreements.isEmpty,
            "\(disagreements.count) of \(paths.count):\n\(disagreements.prefix(3).joined(separator: "\n"))"
        )
    }

    @Test func fixturesAndExampleDecodeAsTomllibDecodes() throws {
        let fixtures = Self.packageRoot.appendingPathComponent("Tests/KithCoreTests/Fixtures")
        var paths = try FileManager.default.contentsOfDirectory(atPath: fixtures.path)
            .filter { $0.hasSuffix(".toml") }.map { fixtures.appendingPathComponent($0).path }
        paths.append(Self.packageRoot.appendingPathComponent("config/kith.toml.example").path)
        let disagreements = try Self.compare(paths.sorted())
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }
}
