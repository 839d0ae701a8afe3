import Foundation
import KithCurl
import KithTestSupport
import Testing

/// The easy handle against real endpoints: a closed port on 127.0.0.1, files, and a real SMTP server.
@Suite struct CurlEasyTests {
    init() { CurlLibrary.initialize() }

    /// A port on 127.0.0.1 that nothing listens on: bound by the kernel's choice, then closed again.
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func aRefusedConnectionKeepsItsCodeAndCurlsText() throws {
        let port = try Self.closedPort()
        let session = try CurlEasy()
        try session.set(.url, "smtp://127.0.0.1:\(port)")
        try session.set(.connectTimeout, 5)
        var caught: CurlError?
        do { try session.perform() } catch { caught = error }
        #expect(caught?.code == .couldNotConnect)
        #expect(caught?.code.rawValue == 7)
        #expect(caught?.detail.contains("127.0.0.1") == true, "\(caught?.detail ?? "")")
        #expect(caught?.detail.contains("\(port)") == true, "\(caught?.detail ?? "")")
        #expect(caught?.responseCode == 0)
        #expect(caught?.serverReply == "")
        #expect(
            caught?.description.hasPrefix("\(CurlError.Code.couldNotConnect): ") == true,
            "\(caught?.description ?? "")"
        )
    }

    @Test func aMalformedURLIsSaidBeforeAnyConnection() throws {
        let session = try CurlEasy()
        try session.set(.url, "smtp://[127.0.0.1")
        var caught: CurlError?
        do { try session.perform() } catch { caught = error }
        #expect(caught?.code == .urlMalformat, "\(caught?.description ?? "performed")")
    }

    @Test func anUploadSendsTheWholeBodyFromMemory() throws {
        let folder = try TemporaryFolder.make("kith-curl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("upload.eml")
        // Larger than one read callback's buffer: the body is handed over in pieces.
        let body = (0..<300_000).map { UInt8($0 % 253) }
        let session = try CurlEasy()
        try session.set(.url, target.absoluteString)
        try session.upload(body)
        try session.perform()
        #expect(FileManager.default.contents(atPath: target.path) == Data(body))
    }

    @Test func aStringListKeepsItsItemsInOrder() throws {
        #expect(try CurlStringList([]).items == [])
        let list = try CurlStringList(["<ana@example.org>", "<ben@example.org>", ""])
        #expect(list.items == ["<ana@example.org>", "<ben@example.org>", ""])
        let session = try CurlEasy()
        try session.set(.mailRecipients, list)
    }

    @Test func theServersRefusalIsKeptWithItsReplyCode() throws {
        try #require(SMTPTestServer.isAvailable, "python3-aiosmtpd is missing: make deps installs it")
        let folder = try TemporaryFolder.make("kith-curl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try SMTPTestServer(["--fault", "rcpt451"], folder: folder)
        let session = try CurlEasy()
        try session.set(.url, "smtp://127.0.0.1:\(server.port)")
        try session.set(.mailFrom, "<kith@example.org>")
        try session.set(.mailRecipients, try CurlStringList(["<ana@example.org>"]))
        try session.upload(Array("Subject: t\r\n\r\nHi\r\n".utf8))
        try session.set(.timeout, 5)
        var caught: CurlError?
        do { try session.perform() } catch { caught = error }
        #expect(caught?.responseCode == 451, "\(caught?.description ?? "delivered")")
        #expect(caught?.serverReply.hasPrefix("451") == true, "\(caught?.description ?? "delivered")")
        #expect(server.received.isEmpty)
    }
}
