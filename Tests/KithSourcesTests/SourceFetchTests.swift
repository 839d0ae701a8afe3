import Foundation
import KithCore
import KithSources
import KithTestSupport
import Testing

/// Fetching a source from a real HTTP(S) server on 127.0.0.1, one fault at a time: every fault keeps the last
/// good copy and says why.
@Suite struct SourceFetchTests {
    let folder: URL
    let server: FeedTestServer
    var copies: String { folder.appendingPathComponent("sources").path }

    init() throws {
        folder = try TemporaryFolder.make("kith-sources")
        server = try FeedTestServer(folder: folder, user: "ana:secret")
    }

    func source(_ path: String, name: String = "work") -> Settings.Source {
        var source = Settings.Source(name: name, url: server.url(path))
        source.insecure = true
        return source
    }

    /// A good copy of /cal.ics, as the state after the first fetch.
    func fetchedOnce() throws -> SourceState {
        let (state, outcome) = SourceFetch.fetch(
            source("/cal.ics"),
            state: SourceState(name: "work"),
            folder: copies,
            now: 1000
        )
        guard case .updated(let path, _) = outcome else {
            Issue.record("the first fetch failed: \(outcome)")
            return state
        }
        #expect(path == copies + "/work.ics")
        return state
    }

    @Test func aFeedIsKeptWithItsValidatorsAndA304ChangesNothing() throws {
        let first = try fetchedOnce()
        #expect(first.etag == "\"v1\"" && first.lastModified == "Sun, 01 Nov 2026 00:00:00 GMT")
        #expect(first.size == (try Data(contentsOf: URL(fileURLWithPath: copies + "/work.ics"))).count)
        #expect(first.nextFetch == 1000 + 3600)
        let (second, outcome) = SourceFetch.fetch(source("/cal.ics"), state: first, folder: copies, now: 2000)
        #expect(outcome == .notModified)
        #expect(second.lastSuccess == 2000 && second.failures == 0 && second.file == first.file)
        let asked = server.requests.last?.headers
        #expect(asked?["if-none-match"] == "\"v1\"")
        #expect(asked?["if-modified-since"] == "Sun, 01 Nov 2026 00:00:00 GMT")
    }

    @Test(arguments: [
        ("/missing", "HTTP 404 (Not Found)"),
        ("/broken", "HTTP 500 (Internal Server Error)"),
        ("/loop", "more than 5 redirects"),
        ("/html", "not an iCalendar or vCard file (it begins \"<!DOCTYPE html>"),
        ("/truncated", "Transferred a partial file"),
        ("/cut", "does not end with END:VCALENDAR"),
        ("/big", "larger than max_size (1048576 bytes)"),
        ("/private.ics", "HTTP 401"),
    ])
    func aFaultKeepsTheLastGoodCopyAndSaysWhy(path: String, why: String) throws {
        let good = try fetchedOnce()
        let before = try Data(contentsOf: URL(fileURLWithPath: copies + "/work.ics"))
        var faulty = source(path)
        faulty.maxSize = 1 << 20
        let (state, outcome) = SourceFetch.fetch(faulty, state: good, folder: copies, now: 5000)
        guard case .failed(let message) = outcome else {
            Issue.record("\(path) did not fail: \(outcome)")
            return
        }
        #expect(message.contains(why), "\(message)")
        #expect(state.lastError == message && state.failures == 1 && state.failingSince == 5000)
        #expect(state.lastSuccess == good.lastSuccess && state.file == good.file && state.size == good.size)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copies + "/work.ics")) == before)
        // Retried sooner than the hour, backing off: 5 minutes, then 10.
        #expect(state.nextFetch == 5000 + 300)
        let again = SourceFetch.fetch(faulty, state: state, folder: copies, now: 5300).state
        #expect(again.failures == 2 && again.nextFetch == 5300 + 600 && again.failingSince == 5000)
    }

    @Test func aSlowBodyIsGivenUpAtTheTimeout() throws {
        let (state, outcome) = SourceFetch.fetch(
            source("/slow"),
            state: SourceState(name: "work"),
            folder: copies,
            now: 1,
            timeout: 2
        )
        guard case .failed(let message) = outcome else {
            Issue.record("a slow body was accepted: \(outcome)")
            return
        }
        #expect(message.contains("Timeout was reached") || message.contains("timed out"), "\(message)")
        #expect(state.file == nil)
    }

    @Test func gzipRedirectsAndBasicAuthWork() throws {
        let zipped = SourceFetch.fetch(
            source("/gzip", name: "zipped"),
            state: SourceState(name: "zipped"),
            folder: copies,
            now: 1
        )
        #expect(zipped.outcome == .updated(path: copies + "/zipped.ics", bytes: zipped.state.size ?? -1))
        let text = try String(contentsOfFile: copies + "/zipped.ics", encoding: .utf8)
        #expect(text.hasPrefix("BEGIN:VCALENDAR") && text.contains("SUMMARY:Coffee with Ana"))
        let moved = SourceFetch.fetch(
            source("/moved", name: "moved"),
            state: SourceState(name: "moved"),
            folder: copies,
            now: 1
        )
        #expect(moved.outcome == .updated(path: copies + "/moved.ics", bytes: moved.state.size ?? -1))
        var guarded = source("/private.ics", name: "private")
        guarded.username = "ana"
        let passwordFile = folder.appendingPathComponent("feed-password").path
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
        guarded.passwordFile = passwordFile
        let allowed = SourceFetch.fetch(guarded, state: SourceState(name: "private"), folder: copies, now: 1)
        #expect(allowed.outcome == .updated(path: copies + "/private.ics", bytes: allowed.state.size ?? -1))
        // The password from the environment variable named after the source.
        guarded.passwordFile = nil
        let fromEnvironment = SourceFetch.fetch(
            guarded,
            state: SourceState(name: "private"),
            folder: copies,
            now: 1,
            environment: ["KITH_SOURCE_PRIVATE_PASSWORD": "secret"]
        )
        #expect(fromEnvironment.outcome == .updated(path: copies + "/private.ics", bytes: allowed.state.size ?? -1))
    }

    @Test func aNewAddressForgetsTheOldOnesValidators() throws {
        let first = try fetchedOnce()
        // /moved leads to the same calendar: sent the old ETag, the server would answer 304.
        let moved = SourceFetch.fetch(source("/moved"), state: first, folder: copies, now: 2000)
        #expect(moved.outcome == .updated(path: copies + "/work.ics", bytes: first.size ?? -1))
        #expect(server.requests.last?.headers["if-none-match"] == nil)
        #expect(moved.state.url == server.url("/moved"))
    }

    @Test func anAddressBookIsKeptAsVCardAndReplacesACalendarCopy() throws {
        let calendar = try fetchedOnce()
        let cards = SourceFetch.fetch(source("/cards.vcf"), state: calendar, folder: copies, now: 2000)
        #expect(cards.outcome == .updated(path: copies + "/work.vcf", bytes: cards.state.size ?? -1))
        #expect(!FileManager.default.fileExists(atPath: copies + "/work.ics"))
    }

    @Test func plainHTTPIsRefusedUnlessInsecureAndAnUntrustedCertificateAlways() throws {
        var plain = source("/cal.ics")
        plain.insecure = false
        let refused = SourceFetch.fetch(plain, state: SourceState(name: "work"), folder: copies, now: 1)
        guard case .failed(let why) = refused.outcome else {
            Issue.record("plain http was fetched without insecure = true")
            return
        }
        #expect(why.contains("Unsupported protocol") || why.contains("not supported"), "\(why)")

        let certificate = try TestCertificate.make(in: folder)
        let secure = try FeedTestServer(folder: folder, tls: certificate)
        let untrusted = Settings.Source(name: "tls", url: secure.url("/cal.ics", secure: true))
        let failed = SourceFetch.fetch(untrusted, state: SourceState(name: "tls"), folder: copies, now: 1)
        guard case .failed(let message) = failed.outcome else {
            Issue.record("an untrusted certificate was accepted")
            return
        }
        #expect(message.contains("certificate"), "\(message)")
        // With the certificate as the source's CA, the same server is trusted.
        var trusted = untrusted
        trusted.caFile = certificate.cert
        let fetched = SourceFetch.fetch(trusted, state: SourceState(name: "tls"), folder: copies, now: 1)
        #expect(fetched.outcome == .updated(path: copies + "/tls.ics", bytes: fetched.state.size ?? -1))
    }

    @Test func aWebcalAddressIsFetchedOverHTTPSAndMaskedInMessages() {
        let source = Settings.Source(
            name: "google",
            url: "webcal://ana:pw@calendar.example.com/calendar/ical/private-0123456789abcdef/basic.ics"
        )
        #expect(
            source.fetchURL == "https://ana:pw@calendar.example.com/calendar/ical/private-0123456789abcdef/basic.ics"
        )
        #expect(source.maskedURL == "webcal://ana:********@calendar.example.com/********")
        #expect(source.passwordVariable == "KITH_SOURCE_GOOGLE_PASSWORD")
        #expect(source.credentialName == "source-google-password")
    }
}
