import Dispatch
import Foundation
import KithSystem

/// The service's time: the wall clock, and one timer for a wall-clock moment. The real one reads the system
/// clock and arms a Dispatch timer; tests drive a manual one (`KithTestSupport.ManualClock`) and never sleep.
package protocol ServiceClock: AnyObject {
    /// The wall clock, in seconds since the epoch (UTC).
    var now: Int { get }
    /// Calls `fire` at the wall-clock moment `instant`, instead of whatever was armed before.
    func arm(at instant: Int, _ fire: @escaping @Sendable () -> Void)
}

/// The system's wall clock, and one timer for a wall-clock moment on `queue`.
///
/// The timer is a `RealtimeTimer` (timerfd on CLOCK_REALTIME, absolute): it fires at the moment whatever
/// happened in between (a suspend included), and early when the clock is set, so that the service computes its
/// schedule again from the new time. Between moments the service sleeps: no wake-ups to poll the clock.
package final class SystemClock: ServiceClock, @unchecked Sendable {
    private let timer: RealtimeTimer
    private let source: DispatchSourceRead
    private var fire: (@Sendable () -> Void)?

    package init(queue: DispatchQueue) throws(SystemCallError) {
        timer = try RealtimeTimer()
        source = DispatchSource.makeReadSource(fileDescriptor: timer.descriptor, queue: queue)
        source.setEventHandler { [weak self] in
            guard let self else { return }
            switch timer.acknowledge() {
            case .expired, .clockWasSet: fire?()
            case .none: break
            }
        }
        source.resume()
    }

    deinit { source.cancel() }

    package var now: Int { Int(Date().timeIntervalSince1970) }

    /// Replaces what was armed. Called on the timer's queue (the service's).
    package func arm(at instant: Int, _ fire: @escaping @Sendable () -> Void) {
        self.fire = fire
        do {
            try timer.arm(at: instant)
        } catch {
            // timerfd_settime fails only for an invalid moment; waking now lets the service try again.
            fire()
        }
    }
}

/// Where the service says how it is (systemd's `sd_notify` protocol).
package protocol ServiceNotifier {
    func notify(_ state: String)
}

extension SystemdNotifier: ServiceNotifier {}
