import Foundation

/// What a finished process printed, and how it ended.
package struct ProcessResult: Sendable {
    package var status: Int32
    package var out: String
    package var err: String
}

/// Runs the `kith` executable built beside the test bundle, as a user would.
package enum KithProcess {
    /// `.build/…/debug/kith`, next to the test bundle that is running.
    package static var executable: URL { built("kith") }

    /// An executable of this package (`kith`, `kith-test-writer`), from the folder the test bundle is in:
    /// `swift build --build-tests` builds every target there.
    package static func built(_ name: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Runs `kith ARGUMENTS` to the end with extra environment variables.
    package static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errData, as: UTF8.self)
        )
    }
}

/// A fresh folder in the temporary directory; the caller removes it.
package enum TemporaryFolder {
    package static func make(_ prefix: String = "kith-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
