import Foundation
import KithCore
import Testing

/// The HTML digest in headless Chromium, as a phone (360 px) and a desktop client (800 px) show it, light and
/// dark: measured by the browser for horizontal overflow, and kept as PNG pictures to look at.
///
/// Fails where Chromium is not installed: `make test` installs it (`make deps`). The pictures are kept in
/// `.build/test-artefacts/digest/` (`digest-360-light.png`, …).
///
/// Headless Chromium lays a page out at least 500 px wide whatever `--window-size` says, so the digest is shown
/// the way webmail shows a message: in a frame of the width under test, inside a page that measures it.
@Suite struct DigestScreenshotTests {
    static func chromium() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static let artefacts = DigestGoldenTests.root.appendingPathComponent(".build/test-artefacts/digest")

    enum Scheme: String, CaseIterable, Sendable {
        case light
        case dark
    }

    /// What the page measured in the digest's frame.
    struct Measurement: Decodable {
        var scrollWidth: Int
        var innerWidth: Int
        var scrollHeight: Int
        var dark: Bool
        /// The computed background colour of the digest's card, `rgb(r, g, b)`.
        var background: String
        /// Elements reaching past the frame's right edge, as `tag.class`.
        var wide: [String]
    }

    /// A page holding `html` in a frame `width` px wide, whose script writes the measurement into `#result`.
    static func harness(_ html: String, width: Int, height: Int) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"></head>
        <body style="margin:0;background:#bbbbbb">
        <iframe id="digest" style="display:block;border:0;width:\(width)px;height:\(height)px" \
        srcdoc="\(Digest.escape(html))"></iframe>
        <pre id="result"></pre>
        <script>
        window.addEventListener('load', function () {
          var frame = document.getElementById('digest');
          var view = frame.contentWindow;
          var doc = frame.contentDocument;
          var wide = [];
          doc.querySelectorAll('body *').forEach(function (element) {
            if (element.getBoundingClientRect().right > view.innerWidth + 0.5 && wide.length < 5) {
              wide.push(element.tagName.toLowerCase() + '.' + element.className);
            }
          });
          document.getElementById('result').textContent = JSON.stringify({
            scrollWidth: doc.documentElement.scrollWidth,
            innerWidth: view.innerWidth,
            scrollHeight: doc.documentElement.scrollHeight,
            dark: view.matchMedia('(prefers-color-scheme: dark)').matches,
            background: view.getComputedStyle(doc.querySelector('.k-card')).backgroundColor,
            wide: wide
          });
        });
        </script>
        </body></html>
        """
    }

    /// Runs Chromium on a page written to `folder`; returns what it printed.
    static func chromium(_ page: String, in folder: URL, scheme: Scheme, arguments: [String]) throws -> String {
        let chromium = try #require(Self.chromium(), "chromium is missing: make deps installs it")
        let url = folder.appendingPathComponent("page-\(UUID().uuidString).html")
        try Data(page.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // preferredColorScheme: 0 is dark, 1 light (Blink's enum); it is what `prefers-color-scheme` reads.
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--blink-settings=preferredColorScheme=\(scheme == .dark ? 0 : 1)",
            ] + arguments + [url.absoluteString]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func measure(_ html: String, width: Int, scheme: Scheme, in folder: URL) throws -> Measurement {
        let page = harness(html, width: width, height: 800)
        let dom = try chromium(
            page,
            in: folder,
            scheme: scheme,
            arguments: ["--window-size=\(max(width, 500)),900", "--dump-dom"]
        )
        let start = try #require(dom.range(of: "<pre id=\"result\">"), "no measurement in \(dom.prefix(300))")
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let json = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Measurement.self, from: Data(json.utf8))
    }

    /// The sum of the red, green and blue of `rgb(r, g, b)`.
    static func brightness(_ colour: String) -> Int {
        colour.split { !$0.isNumber }.prefix(3).compactMap { Int($0) }.reduce(0, +)
    }

    @Test(arguments: [360, 800], Scheme.allCases)
    func theDigestFitsTheScreenInLightAndDark(width: Int, scheme: Scheme) throws {
        let html = try DigestGoldenTests.exampleDigest().html
        try FileManager.default.createDirectory(at: Self.artefacts, withIntermediateDirectories: true)
        let measured = try Self.measure(html, width: width, scheme: scheme, in: Self.artefacts)
        #expect(measured.innerWidth == width)
        #expect(measured.scrollWidth <= measured.innerWidth, "overflows at \(width) px: \(measured.wide)")
        #expect(measured.wide.isEmpty, "reaching past \(width) px: \(measured.wide)")
        #expect(measured.dark == (scheme == .dark))
        let brightness = Self.brightness(measured.background)
        #expect(scheme == .dark ? brightness < 200 : brightness > 600, "card background \(measured.background)")

        let png = Self.artefacts.appendingPathComponent("digest-\(width)-\(scheme.rawValue).png")
        try? FileManager.default.removeItem(at: png)
        let height = measured.scrollHeight
        _ = try Self.chromium(
            Self.harness(html, width: width, height: height),
            in: Self.artefacts,
            scheme: scheme,
            arguments: ["--window-size=\(max(width, 500)),\(height)", "--screenshot=\(png.path)"]
        )
        let data = try Data(contentsOf: png)
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        // Width and height from the IHDR chunk.
        let pictureWidth = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let pictureHeight = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(pictureWidth == max(width, 500) && pictureHeight == height)
        // A blank page compresses to a few kilobytes; a rendered digest does not.
        #expect(data.count > 20_000)
        print("HTML digest at \(width) px, \(scheme.rawValue): \(png.path)")
    }

    @Test func longWordsFromTheFilesWrapOnAPhone() throws {
        // A name and an address with no place to break, and the hostile digest's long names.
        let (hostile, _) = try HostileTextTests.digest()
        let unbroken = String(repeating: "Wolfeschlegelsteinhausenberger", count: 3)
        let html = hostile.html.replacingOccurrences(of: "Mallory", with: unbroken)
        #expect(html.contains(unbroken))
        try FileManager.default.createDirectory(at: Self.artefacts, withIntermediateDirectories: true)
        let measured = try Self.measure(html, width: 360, scheme: .light, in: Self.artefacts)
        #expect(measured.scrollWidth <= measured.innerWidth, "overflows: \(measured.wide)")
    }
}
