import Foundation
import KithMail
import KithTestSupport
import Testing

/// The sendmail transport against stand-in `sendmail` scripts that record their input and exit as told.
@Suite struct SendmailTransportTests {
    static func fakeSendmail(in folder: URL, status: Int) throws -> String {
        let path = folder.appendingPathComponent("sendmail").path
        let script =
            "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/arguments\"\ncat > \"$(dirname \"$0\")/message\"\nexit \(status)\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    static let message = Array("To: ana@example.org\r\nSubject: hi\r\n\r\n.\r\nHello\r\n".utf8)
    static let envelope = Envelope(from: "kith@example.org", to: ["ana@example.org"])

    @Test func acceptedMessagesArriveWholeOnStandardInput() throws {
        let folder = try TemporaryFolder.make("kith-sendmail")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.fakeSendmail(in: folder, status: 0)
        let reply = try SendmailTransport(path: path).deliver(Self.message, envelope: Self.envelope)
        #expect(reply.contains("accepted"))
        #expect(try Data(contentsOf: folder.appendingPathComponent("message")) == Data(Self.message))
        let arguments = try String(contentsOf: folder.appendingPathComponent("arguments"), encoding: .utf8)
        #expect(arguments == "-t -i -f kith@example.org\n")
    }

    @Test(arguments: [(75, DeliveryError.Kind.temporary), (69, .temporary), (67, .permanent), (1, .permanent)])
    func exitStatusesMapToRetryOrFail(status: Int, kind: DeliveryError.Kind) throws {
        let folder = try TemporaryFolder.make("kith-sendmail")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.fakeSendmail(in: folder, status: status)
        var caught: DeliveryError?
        do { _ = try SendmailTransport(path: path).deliver(Self.message, envelope: Self.envelope) } catch {
            caught = error
        }
        #expect(caught?.kind == kind)
    }

    @Test func aMissingSendmailIsRetried() {
        var caught: DeliveryError?
        do {
            _ = try SendmailTransport(path: "/nonexistent/sendmail").deliver(Self.message, envelope: Self.envelope)
        } catch { caught = error }
        #expect(caught?.kind == .temporary)
    }
}
