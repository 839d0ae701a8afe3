import Foundation

/// A test server run by one of the package's scripts with /usr/bin/python3: started, waited for until it prints
/// "READY <port>", and killed when the value goes.
package final class ScriptedServer {
    package struct NotReady: Error, CustomStringConvertible {
        package var description: String
    }

    package let port: Int
    private let process: Process

    /// Runs `scripts/SCRIPT ARGUMENTS`; throws when it ends, or says anything else, before it is ready.
    package init(script: String, _ arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [SMTPTestServer.root.appendingPathComponent("scripts/" + script).path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            line += String(decoding: data, as: UTF8.self)
        }
        guard line.hasPrefix("READY "),
            let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            kill(process.processIdentifier, SIGKILL)
            throw NotReady(description: "scripts/\(script) did not start (its first line: \"\(line)\")")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Debian's Radicale (scripts/radicale-test-server.py) on 127.0.0.1 with basic auth, holding one user's
/// calendar (`/USER/work/`) and address book (`/USER/contacts/`).
package final class RadicaleTestServer {
    package let user: String
    private let server: ScriptedServer

    package init(folder: URL, user: String = "ana:secret") throws {
        self.user = user
        server = try ScriptedServer(
            script: "radicale-test-server.py",
            ["serve", "--folder", folder.path, "--user", user]
        )
    }

    package var port: Int { server.port }

    /// `http://127.0.0.1:PORT/USER/COLLECTION/`.
    package func url(_ collection: String) -> String {
        "http://127.0.0.1:\(port)/\(user.split(separator: ":")[0])/\(collection)/"
    }

    /// Adds (or replaces) an item in a collection with a CalDAV/CardDAV PUT, as a client would.
    package func put(_ collection: String, item name: String, _ text: String, folder: URL) throws {
        let file = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            SMTPTestServer.root.appendingPathComponent("scripts/radicale-test-server.py").path, "put",
            url(collection) + name, file.path, user,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptedServer.NotReady(description: "the PUT of \(name) to Radicale failed")
        }
    }
}
