import Foundation
import KithTestSupport
import Testing

/// `mail.password_command` cannot hang or swamp Kith, and commands that only show the state do not run it
/// (#13, class 9).
@Suite struct PasswordCommandTests {
    /// A config whose password command is `command(folder)`, for the setup's own folder.
    static func setup(_ command: (URL) -> String) throws -> DigestSendTests.Setup {
        let setup = try DigestSendTests.Setup("kith-password-command")
        let line = "password_command = \"\(command(setup.folder))\"\n"
        try setup.write(port: 2525, mail: "username = \"me@kith.example\"\n" + line)
        return setup
    }

    @Test func statusAndPreviewDoNotRunIt() throws {
        let setup = try Self.setup { "touch \($0.path)/ran; sleep 600" }
        let started = Date()
        for arguments in [["status"], ["preview", "--at", "2026-11-30T08:00"]] {
            let result = try KithProcess.run(
                arguments + ["--config", setup.config],
                environment: ["KITH_SMTP_PASSWORD": "", "CREDENTIALS_DIRECTORY": ""]
            )
            #expect(result.status == 0, "\(arguments): \(result.err)")
        }
        #expect(Date().timeIntervalSince(started) < 60, "a command waited for the password")
        #expect(!FileManager.default.fileExists(atPath: setup.folder.appendingPathComponent("ran").path))
    }

    @Test func endlessOutputIsStoppedAndReported() throws {
        let setup = try Self.setup { _ in "yes password" }
        let result = try setup.run(["send-test"])
        #expect(result.status == 78, "\(result.err)")
        #expect(result.err.contains("printed more than"), "\(result.err)")
    }

    @Test func aFailingCommandIsAConfigError() throws {
        let setup = try Self.setup { _ in "exit 3" }
        let result = try setup.run(["send-test"])
        #expect(result.status == 78)
        #expect(result.err.contains("exit status 3"), "\(result.err)")
    }
}
