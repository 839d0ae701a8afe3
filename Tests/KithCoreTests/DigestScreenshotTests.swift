import Foundation
import KithCore
import Testing

/// Renders the HTML digest of examples/inbox to PNG with headless Chromium, to look at as a user would.
///
/// Fails where Chromium is not installed: `make test` installs it (`make deps`). The picture is left in the
/// temporary folder and its path printed.
@Suite struct DigestScreenshotTests {
    static func chromium() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    @Test func htmlDigestRendersToAPicture() throws {
        let chromium = try #require(Self.chromium(), "chromium is missing: make deps installs it")
        let digest = try DigestGoldenTests.exampleDigest()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-screenshot-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = folder.appendingPathComponent("digest.html")
        let png = folder.appendingPathComponent("digest.png")
        try Data(digest.html.utf8).write(to: html)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=700,1400",
            "--screenshot=\(png.path)", html.absoluteString,
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: png)
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        // Width and height from the IHDR chunk.
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 700 && height == 1400)
        // A blank page compresses to a few kilobytes; a rendered digest does not.
        #expect(data.count > 20_000)
        print("HTML digest screenshot: \(png.path)")
    }
}
