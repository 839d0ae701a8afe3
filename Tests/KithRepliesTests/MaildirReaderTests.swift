import Foundation
import KithTestSupport
import Testing

@testable import KithReplies

@Suite final class MaildirReaderTests {
    let folder: URL
    let reader: MaildirReader

    init() throws {
        folder = try TemporaryFolder.make("kith-maildir")
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub),
                withIntermediateDirectories: true
            )
        }
        reader = MaildirReader(folder: folder.path)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func put(_ path: String, _ fixture: String) throws {
        try Data(try Fixture.bytes(fixture)).write(to: folder.appendingPathComponent(path))
    }

    @Test func listsNewAndUnseenCurrentMessages() throws {
        try put("new/1764490001.M1P2.host", "gmail")
        try put("cur/1764490002.M1P3.host:2,", "outlook")
        try put("cur/1764490003.M1P4.host:2,FR", "apple-mail")
        try put("cur/1764490004.M1P5.host:2,RS", "thunderbird")
        try put("new/.1764490005.hidden", "base64")
        try put("tmp/1764490006.M1P7.host", "base64")
        let unseen = try reader.unseen()
        #expect(
            unseen == [
                MaildirReader.Message(subfolder: "new", name: "1764490001.M1P2.host"),
                MaildirReader.Message(subfolder: "cur", name: "1764490002.M1P3.host:2,"),
                MaildirReader.Message(subfolder: "cur", name: "1764490003.M1P4.host:2,FR"),
            ]
        )
        #expect(try reader.read(unseen[0]) == (try Fixture.bytes("gmail")))
        #expect(ReplyMessage(try reader.read(unseen[1])).from == "ana@example.org")
    }

    @Test func markingSeenMovesToCurWithTheFlagInOrder() throws {
        try put("new/1764490001.M1P2.host", "gmail")
        try put("cur/1764490003.M1P4.host:2,FR", "apple-mail")
        let unseen = try reader.unseen()
        let first = try reader.markSeen(unseen[0])
        #expect(first == MaildirReader.Message(subfolder: "cur", name: "1764490001.M1P2.host:2,S"))
        let second = try reader.markSeen(unseen[1])
        #expect(second.name == "1764490003.M1P4.host:2,FRS")
        #expect(try reader.unseen() == [])
        #expect(FileManager.default.fileExists(atPath: reader.path(first)))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("new/1764490001.M1P2.host").path))
    }

    @Test func aMissingMaildirIsAnError() {
        #expect(throws: (any Error).self) { try MaildirReader(folder: folder.path + "/nothing").unseen() }
    }
}
