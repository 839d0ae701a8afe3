import KithDaemon

/// A wall clock and timer that only move when a test moves them: catch-up, clock jumps, suspend and retry
/// timing are tested without sleeping.
package final class ManualClock: ServiceClock, @unchecked Sendable {
    package private(set) var now: Int
    private var armed: (at: Int, fire: @Sendable () -> Void)?

    package init(now: Int) { self.now = now }

    /// When the timer is armed for, if it is.
    package var armedAt: Int? { armed?.at }

    package func arm(at instant: Int, _ fire: @escaping @Sendable () -> Void) { armed = (instant, fire) }

    /// Time passes until `instant`: each timer due on the way fires at its moment, as a real one would (the
    /// service re-arms from inside; that timer fires too when it is due before `instant`).
    package func advance(to instant: Int) {
        while let timer = armed, timer.at <= instant {
            armed = nil
            now = max(now, timer.at)
            timer.fire()
        }
        now = max(now, instant)
    }

    package func advance(by seconds: Int) { advance(to: now + seconds) }

    /// The wall clock is set to `instant` (forward or back): an NTP step, a user setting the clock. As the real
    /// clock's timer (timerfd with TFD_TIMER_CANCEL_ON_SET) does, the armed timer fires at once, so that the
    /// service looks at the new time.
    package func jump(to instant: Int) {
        now = instant
        if let timer = armed {
            armed = nil
            timer.fire()
        }
    }

    /// Out of a suspend that lasted until `instant`: the wall clock is there, and the timer, due while the
    /// machine slept, fires once, late.
    package func resume(at instant: Int) {
        now = instant
        if let timer = armed {
            armed = nil
            timer.fire()
        }
    }
}
