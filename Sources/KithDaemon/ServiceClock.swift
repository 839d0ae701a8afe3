import Dispatch
import Foundation

/// The service's time: the wall clock, and one timer for a wall-clock moment. The real one reads the system
/// clock and arms a Dispatch timer; tests drive a manual one (`KithTestSupport.ManualClock`) and never sleep.
package protocol ServiceClock: AnyObject {
    /// The wall clock, in seconds since the epoch (UTC).
    var now: Int { get }
    /// Calls `fire` at the wall-clock moment `instant`, instead of whatever was armed before.
    func arm(at instant: Int, _ fire: @escaping @Sendable () -> Void)
}

/// The system's wall clock, and a Dispatch timer on `queue`.
///
/// The timer's delay runs on the monotonic clock, which neither a clock jump nor a suspend moves as the wall
/// clock moves: the service re-arms at least once a minute and recomputes its schedule from `now` each time.
package final class SystemClock: ServiceClock, @unchecked Sendable {
    private let timer: WallClockTimer

    package init(queue: DispatchQueue) { timer = WallClockTimer(queue: queue) }

    package var now: Int { Int(Date().timeIntervalSince1970) }

    package func arm(at instant: Int, _ fire: @escaping @Sendable () -> Void) { timer.arm(at: instant, handler: fire) }
}

/// Where the service says how it is (systemd's `sd_notify` protocol).
package protocol ServiceNotifier {
    func notify(_ state: String)
}

extension SystemdNotifier: ServiceNotifier {}
