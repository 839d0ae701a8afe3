import Foundation
import Glibc
import KithSystem
import Testing

/// The wall-clock timer on a real timerfd: it waits for its moment, fires then, and a moment already past fires
/// at once.
@Suite struct RealtimeTimerTests {
    /// Waits until the descriptor is readable, at most `seconds`.
    static func readable(_ descriptor: Int32, within seconds: Double) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, Int32(seconds * 1000)) == 1
    }

    @Test func itWaitsForItsMomentThenFires() throws {
        let timer = try RealtimeTimer()
        let now = Date().timeIntervalSince1970
        let moment = now + 0.4
        try timer.arm(at: Int(moment), nanoseconds: Int((moment - moment.rounded(.down)) * 1e9))
        #expect(!Self.readable(timer.descriptor, within: 0.1), "fired before its moment")
        #expect(timer.acknowledge() == .none)
        #expect(Self.readable(timer.descriptor, within: 5))
        #expect(Date().timeIntervalSince1970 >= moment - 0.01)
        #expect(timer.acknowledge() == .expired)
    }

    @Test func aMomentAlreadyPastFiresAtOnceAndReArmingReplaces() throws {
        let timer = try RealtimeTimer()
        try timer.arm(at: Int(Date().timeIntervalSince1970) + 3600)
        try timer.arm(at: Int(Date().timeIntervalSince1970) - 60)
        #expect(Self.readable(timer.descriptor, within: 2))
        #expect(timer.acknowledge() == .expired)
        try timer.arm(at: 0)
        #expect(Self.readable(timer.descriptor, within: 2))
        #expect(timer.acknowledge() == .expired)
    }
}
