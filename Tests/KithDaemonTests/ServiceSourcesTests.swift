import Foundation
import KithCore
import KithDaemon
import KithStore
import KithTestSupport
import Testing

/// The service fetches each source when it is due, from the scripted server on 127.0.0.1, on the manual clock:
/// at start, then every `every`; a 304 keeps the copy and re-plans nothing; a failure backs off.
@Suite struct ServiceSourcesTests {
    typealias Harness = ServiceClockTests.Harness

    @Test func aSourceIsFetchedAtStartThenWhenDueAndA304ChangesNothing() throws {
        let folder = try TemporaryFolder.make("kith-service-sources")
        let server = try FeedTestServer(folder: folder)
        let start = ServiceClockTests.at(2026, 12, 2, 12)
        let harness = try Harness(now: start, folder: folder) { settings in
            var source = Settings.Source(name: "work", url: server.url("/cal.ics"))
            source.insecure = true
            settings.sources = [source]
        }
        harness.start()
        let copy = folder.appendingPathComponent("sources/work.ics").path
        #expect(FileManager.default.fileExists(atPath: copy))
        var state = try #require(try harness.store.sourceStates()["work"])
        #expect(state.lastSuccess == start && state.nextFetch == start + 3600)
        #expect(harness.lines.all.contains { $0.contains("source work: fetched") })
        // Asleep until the next fetch (or the next wake-up to notice a clock jump), not before.
        #expect(server.requests.count == 1)
        harness.clock.advance(to: start + 3599)
        #expect(server.requests.count == 1)
        harness.clock.advance(to: start + 3600)
        #expect(server.requests.count == 2)
        state = try #require(try harness.store.sourceStates()["work"])
        #expect(state.lastSuccess == start + 3600 && state.nextFetch == start + 7200)
        #expect(harness.lines.all.contains { $0.contains("source work: not modified") })
        #expect(!harness.lines.all.contains { $0.contains("inbox changed") })
    }

    @Test func aFailingSourceBacksOffAndARemovedOneIsForgotten() throws {
        let folder = try TemporaryFolder.make("kith-service-sources")
        let server = try FeedTestServer(folder: folder)
        let start = ServiceClockTests.at(2026, 12, 2, 12)
        let harness = try Harness(now: start, folder: folder) { settings in
            var source = Settings.Source(name: "broken", url: server.url("/broken"))
            source.insecure = true
            settings.sources = [source]
        }
        harness.start()
        var state = try #require(try harness.store.sourceStates()["broken"])
        #expect(state.failures == 1 && state.nextFetch == start + 300)
        #expect(harness.lines.all.contains { $0.contains("source broken: the server answered HTTP 500") })
        harness.clock.advance(to: start + 300)
        state = try #require(try harness.store.sourceStates()["broken"])
        #expect(state.failures == 2 && state.nextFetch == start + 300 + 600)

        // A reload without the source forgets its state.
        let settings = harness.settings
        harness.reloaded = { [harness] in
            var setup = harness.setup(transport: harness.transport)
            setup.settings = settings
            setup.settings.sources = []
            return setup
        }
        harness.service.handle(.reload)
        #expect(try harness.store.sourceStates().isEmpty)
    }

    @Test func theStartsCatchUpWaitsForTheSourcesAndSeesThem() throws {
        let folder = try TemporaryFolder.make("kith-service-sources")
        let server = try FeedTestServer(folder: folder)
        // Monday 10:00: the 08:00 digest was missed and is caught up on start.
        let harness = try Harness(now: ServiceClockTests.at(2026, 11, 30, 10), folder: folder) { settings in
            var source = Settings.Source(name: "work", url: server.url("/cal.ics"))
            source.insecure = true
            settings.sources = [source]
        }
        harness.start()
        let message = String(decoding: try #require(harness.transport.deliveries.first).message, as: UTF8.self)
        #expect(message.contains("Coffee with Ana"), "the fetched calendar's meeting is in the caught-up digest")
        let order = harness.lines.all.filter { $0.contains("source work: fetched") || $0.contains("composed") }
        #expect(order.first?.contains("source work: fetched") == true, "\(order)")
    }

    @Test func aSourceWhoseAddressChangedIsFetchedAtOnceWithoutItsOldErrors() throws {
        let folder = try TemporaryFolder.make("kith-service-sources")
        let server = try FeedTestServer(folder: folder)
        let start = ServiceClockTests.at(2026, 12, 2, 12)
        let harness = try Harness(now: start, folder: folder) { settings in
            var source = Settings.Source(name: "work", url: server.url("/missing"))
            source.insecure = true
            settings.sources = [source]
        }
        harness.start()
        #expect(try harness.store.sourceStates()["work"]?.failures == 1)
        let settings = harness.settings
        harness.reloaded = { [harness] in
            var setup = harness.setup(transport: harness.transport)
            setup.settings = settings
            setup.settings.sources[0].url = server.url("/cal.ics")
            return setup
        }
        harness.service.handle(.reload)
        let state = try #require(try harness.store.sourceStates()["work"])
        #expect(state.lastError == nil && state.failures == 0 && state.lastSuccess == start)
        #expect(server.requests.map(\.path) == ["/missing", "/cal.ics"])
    }
}
