import Foundation

/// scripts/smtp-test-server.py (aiosmtpd) on 127.0.0.1, started for a test and killed with it.
package final class SMTPTestServer {
    /// The package's root folder.
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Whether Debian's python3 with aiosmtpd is there (`make test` installs python3-aiosmtpd).
    package static var isAvailable: Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        probe.arguments = ["-c", "import aiosmtpd"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// Where accepted messages are written (`1.eml`, `2.eml`, …).
    package let spool: URL
    private let server: ScriptedServer

    /// Starts the server with the script's options (`--starttls CERT KEY`, `--auth USER:PASS`, `--fault …`).
    package init(_ options: [String], folder: URL) throws {
        spool = folder.appendingPathComponent("spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        server = try ScriptedServer(script: "smtp-test-server.py", ["--spool", spool.path] + options)
    }

    package var port: Int { server.port }

    /// The names of the accepted messages, in order.
    package var received: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { $0.hasSuffix(".eml") }
            .sorted()
    }
}
