import Foundation
import KithSystem
import KithTestSupport
import Testing

/// Listing a real folder: files, folders, links to both and links to nothing.
@Suite struct FolderListingTests {
    @Test func entriesAreSortedWithLinksFollowed() throws {
        let folder = try TemporaryFolder.make("kith-list")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try SystemCall.makeEmptyFile(folder.appendingPathComponent("b.ics").path)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("a-link").path, withDestinationPath: "sub")
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("c.vcf").path,
            withDestinationPath: "b.ics"
        )
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("d.vcf").path, withDestinationPath: "none")

        let sub = try SystemCall.openFolder(folder.appendingPathComponent("sub").path)
        let identity = try SystemCall.identity(of: sub, path: "sub")
        close(sub)
        let listing = SystemCall.listFolder(try SystemCall.openFolder(folder.path), path: folder.path)
        #expect(listing.failure == nil)
        #expect(
            listing.entries == [
                FolderEntry(name: "a-link", kind: .folder(identity, isLink: true)),
                FolderEntry(name: "b.ics", kind: .file),
                FolderEntry(name: "c.vcf", kind: .file),
                FolderEntry(name: "d.vcf", kind: .brokenLink(ENOENT)),
                FolderEntry(name: "sub", kind: .folder(nil, isLink: false)),
            ]
        )
    }
}
