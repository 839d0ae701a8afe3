import Foundation
import KithSystem
import KithTestSupport
import Testing

/// The bounded read of an input file, on real files, a FIFO and a missing path.
@Suite struct BoundedReadTests {
    @Test func aFileWithinTheLimitIsReadWhole() throws {
        let folder = try TemporaryFolder.make("kith-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a.ics").path
        let bytes = (0..<10_000).map { UInt8($0 % 251) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try SystemCall.readRegularFile(path, limit: 10_000) == bytes)
        #expect(try SystemCall.readRegularFile(path, limit: 1_000_000) == bytes)
        #expect(throws: BoundedReadError.tooLarge(10_000)) { try SystemCall.readRegularFile(path, limit: 9_999) }
    }

    @Test func anEmptyFileIsNoBytes() throws {
        let folder = try TemporaryFolder.make("kith-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("empty.vcf").path
        try SystemCall.makeEmptyFile(path)
        #expect(try SystemCall.readRegularFile(path, limit: 10) == [])
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let folder = try TemporaryFolder.make("kith-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("pipe.ics").path
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: BoundedReadError.notRegular) { try SystemCall.readRegularFile(path, limit: 10) }
        #expect(throws: BoundedReadError.notRegular) { try SystemCall.readRegularFile(folder.path, limit: 10) }
    }

    @Test func aMissingFileKeepsTheCallAndErrno() throws {
        let folder = try TemporaryFolder.make("kith-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("none.ics").path
        #expect(throws: BoundedReadError.system(SystemCallError(call: "open", path: path, errno: ENOENT))) {
            try SystemCall.readRegularFile(path, limit: 10)
        }
    }
}
