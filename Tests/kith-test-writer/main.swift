import Foundation

@testable import KithStore

// kith-test-writer DATABASE [PAUSE_MS]: writes batches of ten rows into the state file at DATABASE, one
// transaction each, until killed, resting PAUSE_MS milliseconds (2 by default) between them, as a busy
// daemon would. StateConcurrencyTests starts several and kills them with SIGKILL at random moments.
// It stops by itself when the process that started it is gone: a test run that crashed leaves no writer.
// A test tool, not part of kith: built beside the test bundle, never installed.

let arguments = CommandLine.arguments.dropFirst()
guard let database = arguments.first, arguments.count <= 2,
    let pause = arguments.count == 2 ? UInt32(arguments.last!) : 2
else {
    FileHandle.standardError.write(Data("usage: kith-test-writer DATABASE [PAUSE_MS]\n".utf8))
    exit(64)
}

do {
    let store = try StateStore(path: database)
    let process = getpid()
    let parent = getppid()
    let note = String(repeating: "x", count: 200)
    var batch = 0
    // The test waits for this line before it counts the writer as started.
    FileHandle.standardOutput.write(Data("writing\n".utf8))
    while getppid() == parent {
        batch += 1
        var sql = "BEGIN IMMEDIATE;"
        for row in 0..<10 {
            sql += "INSERT INTO manual_interactions (person, kind, at, note, recorded) "
            sql += "VALUES ('batch-\(process)-\(batch)@test', 'met', \(row), '\(note)', 0);"
        }
        sql += "COMMIT;"
        try store.executeScript(sql)
        if pause > 0 { usleep(pause * 1000) }
    }
} catch {
    FileHandle.standardError.write(Data("kith-test-writer: \(error)\n".utf8))
    exit(1)
}
