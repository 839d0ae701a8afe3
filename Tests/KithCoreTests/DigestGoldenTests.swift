import Foundation
import KithCore
import KithFormats
import Testing

/// The digest of examples/inbox on Monday 30 November 2026, against golden files.
///
/// Set KITH_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then read the diff.
@Suite struct DigestGoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func exampleDigest() throws -> Digest {
        let database = TimeZoneDatabase()
        let zone = try #require(database.rules(named: "Europe/Helsinki"))
        let configURL = root.appendingPathComponent("examples/kith.toml")
        guard case .success(let table) = TOMLParser.parse([UInt8](try Data(contentsOf: configURL))) else {
            throw TOMLError("examples/kith.toml does not parse", at: SourcePosition(line: 1, column: 1))
        }
        let environment = ConfigEnvironment(
            systemTimeZone: "UTC",
            defaultStateDirectory: "/tmp",
            configFileMode: 0o600,
            isKnownTimeZone: { database.rules(named: $0) != nil }
        )
        var settings = try #require(
            SettingsReader.read(table, path: "examples/kith.toml", environment: environment).settings
        )
        settings.inbox = root.appendingPathComponent("examples/inbox").path
        var documents: [Document] = []
        for relative in ["contacts.vcf", "work/calendar.ics"] {
            let path = settings.inbox + "/" + relative
            let kind: Document.Kind = relative.hasSuffix(".vcf") ? .contacts : .calendar
            documents.append(
                Document.parse(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path, kind: kind)
            )
        }
        let now = zone.instant(
            ofLocal: CivilDateTime(date: CivilDate(year: 2026, month: 11, day: 30), hour: 8, minute: 0, second: 0)
        )
        return Digest.compose(
            Planner.make(documents: documents, settings: settings, now: now, zone: zone, database: database).planner
        )
    }

    static func compare(_ actual: String, golden name: String) throws {
        let url = root.appendingPathComponent("Tests/KithCoreTests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["KITH_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(actual == expected, "\(name) differs from the golden file; rerun with KITH_UPDATE_GOLDEN=1 if intended")
    }

    @Test func everyKindOfNudgeAppears() throws {
        let digest = try Self.exampleDigest()
        #expect(Set(digest.nudges.map(\.kind)) == Set(Nudge.Kind.allCases))
        #expect(digest.slot == "2026-W49")
        #expect(digest.nudges.allSatisfy { !$0.reason.isEmpty && !$0.sources.isEmpty })
    }

    @Test func textGolden() throws {
        let digest = try Self.exampleDigest()
        try Self.compare("Subject: \(digest.subject)\n\n" + digest.text, golden: "digest.txt")
        #expect(digest.text.split(separator: "\n").allSatisfy { $0.count <= 72 })
    }

    @Test func htmlGolden() throws {
        let digest = try Self.exampleDigest()
        try Self.compare(digest.html, golden: "digest.html")
        #expect(!digest.html.lowercased().contains("<script"))
        #expect(!digest.html.contains("src=\"http"))
        #expect(digest.html.contains("href=\"mailto:aino.virtanen@ateljee.fi\""))
    }

    @Test func jsonGolden() throws {
        let digest = try Self.exampleDigest()
        try Self.compare(digest.json + "\n", golden: "digest.json")
        let object = try JSONSerialization.jsonObject(with: Data(digest.json.utf8)) as? [String: Any]
        #expect(object?["slot"] as? String == "2026-W49")
    }

    @Test func valuesFromInputAreEscaped() {
        #expect(Digest.escape("<b>\"Ana\" & 'Bo'</b>") == "&lt;b&gt;&quot;Ana&quot; &amp; &#39;Bo&#39;&lt;/b&gt;")
    }
}
