import Foundation

/// How tests wait for another process: poll a condition against a deadline, or hold for a stretch of real
/// time where real time is what is measured. The only place in the tests that sleeps.
package enum Wait {
    /// Thrown by `until` when its deadline passes with the condition still false.
    package struct TimedOut: Error, CustomStringConvertible, Sendable, Hashable {
        /// What was awaited, as the failure should name it.
        package var what: String
        package var timeout: Duration

        package var description: String { "gave up after \(timeout) waiting for \(what)" }
    }

    /// The pause between two checks: short beside the timeouts, long enough not to load the other process.
    package static let interval = Duration.milliseconds(20)

    /// Checks `condition` until it holds or `timeout` passes; whether it held. Checked once more at the
    /// deadline, so a condition that became true during the last pause counts.
    package static func poll(timeout: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            hold(for: interval)
        }
        return try condition()
    }

    /// Checks `condition` until it holds; throws `TimedOut` naming `what` when `timeout` passes first, which
    /// fails the test that awaited it.
    package static func until(_ what: String, timeout: Duration, _ condition: () throws -> Bool) throws {
        guard try poll(timeout: timeout, condition) else { throw TimedOut(what: what, timeout: timeout) }
    }

    /// Lets `duration` of real time pass: for a test that measures over a window (CPU use while idle), must
    /// see that nothing more happens within one, or kills another process at a chosen moment.
    package static func hold(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) * 1e-18)
    }
}
