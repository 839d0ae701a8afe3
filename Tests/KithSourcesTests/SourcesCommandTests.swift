import Foundation
import KithTestSupport
import Testing

/// `kith sources` and `kith sources fetch` as a user runs them, against the scripted server on 127.0.0.1: a
/// fetched feed is part of the inbox for every command, a 304 changes nothing, a fault keeps the last copy.
@Suite struct SourcesCommandTests {
    let folder: URL
    let server: FeedTestServer
    var config: String { folder.appendingPathComponent("kith.toml").path }

    init() throws {
        folder = try TemporaryFolder.make("kith-sources-cli")
        server = try FeedTestServer(folder: folder)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("inbox"),
            withIntermediateDirectories: true
        )
        try write(sources: ["work": "/cal.ics"])
    }

    func write(sources: [String: String]) throws {
        var text = """
            timezone = "Europe/Helsinki"
            inbox = "inbox"
            state_dir = "state"
            default_circle = "network"
            [me]
            emails = ["me@kith.example"]
            [circles.network]
            every = "6mo"

            """
        for (name, path) in sources.sorted(by: { $0.key < $1.key }) {
            text += "[sources.\(name)]\nurl = \"\(server.url(path))\"\ninsecure = true\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        chmod(config, 0o600)
    }

    @Test func aFetchedFeedReachesPreviewAndA304ChangesNothing() throws {
        let before = try KithProcess.run(["preview", "--config", config, "--at", "2026-11-27", "--format", "json"])
        #expect(before.status == 0, "\(before.err)")
        #expect(!before.out.contains("Coffee with Ana"))

        let fetched = try KithProcess.run(["sources", "fetch", "--config", config])
        #expect(fetched.status == 0, "\(fetched.err)")
        #expect(fetched.out.contains("work: fetched"), "\(fetched.out)")
        let copy = folder.appendingPathComponent("state/sources/work.ics")
        #expect(FileManager.default.fileExists(atPath: copy.path))
        let after = try KithProcess.run(["preview", "--config", config, "--at", "2026-11-27", "--format", "json"])
        #expect(after.out.contains("Follow up with ana@kith.example after 'Coffee with Ana'"), "\(after.out)")

        let modified = try FileManager.default.attributesOfItem(atPath: copy.path)[.modificationDate] as? Date
        let again = try KithProcess.run(["sources", "fetch", "work", "--config", config])
        #expect(again.status == 0 && again.out.contains("work: not modified"), "\(again.out)")
        #expect(try FileManager.default.attributesOfItem(atPath: copy.path)[.modificationDate] as? Date == modified)

        let listed = try KithProcess.run(["sources", "--config", config])
        #expect(listed.out.contains("work: http://127.0.0.1:\(server.port)/********, every 1 hour"), "\(listed.out)")
        #expect(listed.out.contains("last success: 20") && listed.out.contains("next fetch: "), "\(listed.out)")
        let status = try KithProcess.run(["status", "--config", config])
        #expect(status.out.contains("sources: 1 source"), "\(status.out)")
    }

    @Test func aFaultKeepsTheCopyAndExits1AndARemovedSourceLosesItsCopy() throws {
        #expect(try KithProcess.run(["sources", "fetch", "--config", config]).status == 0)
        try write(sources: ["work": "/html"])
        let failed = try KithProcess.run(["sources", "fetch", "--config", config])
        #expect(failed.status == 1)
        #expect(failed.out.contains("work: failed: not an iCalendar or vCard file"), "\(failed.out)")
        let listed = try KithProcess.run(["sources", "--config", config])
        #expect(listed.out.contains("last error: not an iCalendar or vCard file"), "\(listed.out)")
        let preview = try KithProcess.run(["preview", "--config", config, "--at", "2026-11-27", "--format", "json"])
        #expect(preview.out.contains("Coffee with Ana"), "the last good copy is still read")

        try write(sources: ["other": "/cards.vcf"])
        let unknown = try KithProcess.run(["sources", "fetch", "work", "--config", config])
        #expect(unknown.status != 0 && unknown.err.contains("no source \"work\" in the config (there are: other)"))
        #expect(try KithProcess.run(["sources", "fetch", "--config", config]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state/sources/work.ics").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("state/sources/other.vcf").path))
    }

    @Test func checkConfigMasksTheAddressAndRefusesPlainHTTP() throws {
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "insecure = true\n", with: "")
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        let refused = try KithProcess.run(["check-config", config])
        #expect(refused.status != 0)
        #expect(
            refused.err.contains("sources.work.url \"http://127.0.0.1:\(server.port)/********\" is plain http"),
            "\(refused.err)"
        )
        try write(sources: ["work": "/cal.ics"])
        let shown = try KithProcess.run(["check-config", "--config", config])
        #expect(shown.out.contains("[sources.work]") && shown.out.contains("/********\""), "\(shown.out)")
        #expect(!shown.out.contains("/cal.ics"))
    }
}

/// A calendar and an address book on Debian's Radicale (basic auth), subscribed to as sources: an event added
/// with a CalDAV PUT reaches `kith preview` after one fetch.
@Suite struct RadicaleSourceTests {
    @Test func anEventAddedToRadicaleReachesPreviewAfterOneFetch() throws {
        let folder = try TemporaryFolder.make("kith-radicale")
        defer { try? FileManager.default.removeItem(at: folder) }
        let radicale = try RadicaleTestServer(folder: folder)
        let config = folder.appendingPathComponent("kith.toml").path
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("inbox"),
            withIntermediateDirectories: true
        )
        let password = folder.appendingPathComponent("radicale-password").path
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: password))
        let text = """
            timezone = "Europe/Helsinki"
            inbox = "inbox"
            state_dir = "state"
            default_circle = "network"
            [me]
            emails = ["me@kith.example"]
            [circles.network]
            every = "6mo"
            [sources.calendar]
            url = "\(radicale.url("work"))"
            username = "ana"
            password_file = "radicale-password"
            insecure = true
            [sources.contacts]
            url = "\(radicale.url("contacts"))"
            username = "ana"
            password_file = "radicale-password"
            insecure = true

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        chmod(config, 0o600)
        let first = try KithProcess.run(["sources", "fetch", "--config", config])
        #expect(first.status == 0, "\(first.out)\(first.err)")
        let people = try KithProcess.run(["people", "--config", config, "--json"])
        #expect(people.out.contains("Bo Radicale"), "the address book's card: \(people.out)")

        let event = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Kith tests//put//EN\r
            BEGIN:VEVENT\r
            UID:radicale-2@kith.example\r
            DTSTAMP:20261101T000000Z\r
            DTSTART:20261125T120000Z\r
            DURATION:PT1H\r
            SUMMARY:Walk with Bo\r
            ORGANIZER:mailto:me@kith.example\r
            ATTENDEE;PARTSTAT=ACCEPTED:mailto:bo@kith.example\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        try radicale.put("work", item: "radicale-2.ics", event, folder: folder)
        let before = try KithProcess.run(["preview", "--config", config, "--at", "2026-11-27", "--format", "json"])
        #expect(!before.out.contains("Walk with Bo"), "not before the fetch")
        let second = try KithProcess.run(["sources", "fetch", "calendar", "--config", config])
        #expect(second.status == 0 && second.out.contains("calendar: fetched"), "\(second.out)")
        let after = try KithProcess.run(["preview", "--config", config, "--at", "2026-11-27", "--format", "json"])
        #expect(after.out.contains("Follow up with Bo Radicale after 'Walk with Bo'"), "\(after.out)")
    }
}

/// The README's vdirsyncer recipe, end to end against the same Radicale: one file per item in the inbox, read by
/// Kith like any other.
@Suite struct VdirsyncerRecipeTests {
    @Test func vdirsyncerFillsTheInboxOneFilePerItem() throws {
        let folder = try TemporaryFolder.make("kith-vdirsyncer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let vdirsyncer = "/usr/bin/vdirsyncer"
        try #require(
            FileManager.default.isExecutableFile(atPath: vdirsyncer),
            "vdirsyncer is missing: make deps installs it"
        )
        let radicale = try RadicaleTestServer(folder: folder)
        let inbox = folder.appendingPathComponent("inbox").path
        var recipe = ""
        for (pair, kind, extension_) in [("calendar", "caldav", ".ics"), ("contacts", "carddav", ".vcf")] {
            recipe += """
                [pair \(pair)]
                a = "remote_\(pair)"
                b = "kith_\(pair)"
                collections = ["from a"]

                [storage remote_\(pair)]
                type = "\(kind)"
                url = "http://127.0.0.1:\(radicale.port)/"
                username = "ana"
                password = "secret"

                [storage kith_\(pair)]
                type = "filesystem"
                path = "\(inbox)/\(pair)/"
                fileext = "\(extension_)"


                """
        }
        let configuration = folder.appendingPathComponent("vdirsyncer.conf")
        let status = folder.appendingPathComponent("status").path
        try Data(("[general]\nstatus_path = \"\(status)/\"\n\n" + recipe).utf8).write(to: configuration)
        for command in ["discover", "sync"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: vdirsyncer)
            process.arguments = ["-c", configuration.path, command]
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // discover asks whether to create each local collection.
            input.fileHandleForWriting.write(Data("y\ny\n".utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "vdirsyncer \(command) failed")
        }
        let config = folder.appendingPathComponent("kith.toml").path
        let text = """
            timezone = "Europe/Helsinki"
            inbox = "inbox"
            state_dir = "state"
            default_circle = "network"
            [me]
            emails = ["me@kith.example"]
            [circles.network]
            every = "6mo"

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        chmod(config, 0o600)
        let people = try KithProcess.run(["people", "--config", config, "--json"])
        #expect(people.out.contains("Bo Radicale"), "\(people.out)\(people.err)")
        let preview = try KithProcess.run(["preview", "--config", config, "--at", "2026-11-22", "--format", "json"])
        #expect(preview.out.contains("Follow up with Bo Radicale after 'Lunch with Bo'"), "\(preview.out)")
    }
}
