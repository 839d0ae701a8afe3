import Foundation
import KithTestSupport
import Testing

@testable import KithStore

/// Several processes at one state file: the CLI writing while another process writes, and writers killed
/// with SIGKILL at random moments.
@Suite(.serialized) struct StateConcurrencyTests {
    /// Starts `kith-test-writer` (Tests/kith-test-writer) and waits for the line it prints once it has the
    /// store open; one that ends before saying so fails the test.
    static func startWriter(_ path: String, pause: Int) throws -> Process {
        let process = Process()
        process.executableURL = KithProcess.built("kith-test-writer")
        process.arguments = [path, String(pause)]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let said = String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
        try #require(said == "writing\n", "the writer did not start: \(said.isEmpty ? "it ended" : said)")
        return process
    }

    /// How many writer processes have rows in the store (each names its rows `batch-PID-N@test`).
    static let writersSQL =
        "SELECT COUNT(DISTINCT substr(person, 1, instr(substr(person, 7), '-') + 6)) FROM manual_interactions"

    @Test func twoProcessesWriteAtOnce() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        _ = try StateStore(path: path)
        let first = try Self.startWriter(path, pause: 1)
        let second = try Self.startWriter(path, pause: 1)
        let store = try StateStore(path: path)
        // Both still running when each has written: they wrote while the other did.
        let both = try Wait.poll(timeout: .seconds(10)) { try store.count(Self.writersSQL) == 2 }
        #expect(first.isRunning && second.isRunning)
        for writer in [first, second] {
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
        }
        #expect(both, "both processes wrote while the other did")
        #expect(try store.integrityCheck() == "ok")
        // And a third writer (this process) gets its turn while neither holds the database.
        try store.record(.met, person: "ana@example.org", at: 1, note: nil, now: 1)
        #expect(try store.manualEntries(person: "ana@example.org").count == 1)
    }

    @Test func killedWritersLeaveNoHalfWrittenChange() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        _ = try StateStore(path: path)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let writer = try Self.startWriter(path, pause: 0)
            // Killed at a random moment of its writing, which is a stretch of real time.
            Wait.hold(for: .microseconds(Int.random(in: 1_000...40_000, using: &generator)))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
        }
        let store = try StateStore(path: path)
        #expect(try store.integrityCheck() == "ok")
        // Every batch is one transaction of ten rows: all of them or none.
        let partial = try store.count(
            "SELECT COUNT(*) FROM (SELECT person FROM manual_interactions GROUP BY person HAVING COUNT(*) != 10)"
        )
        #expect(partial == 0)
        #expect(try store.count("SELECT COUNT(*) FROM manual_interactions") > 0)
    }
}
