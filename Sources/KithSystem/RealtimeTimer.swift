internal import CKithSystem
import Glibc

/// A timer for a wall-clock moment (timerfd(2) on CLOCK_REALTIME, absolute): it fires when the wall clock
/// reaches the moment, also after a suspend, and its descriptor becomes readable early, with `clockWasSet`,
/// when the clock is set (an NTP step, a user changing the time). So a sleeper wakes only when it has to.
///
/// The owner watches `descriptor` for reading (a Dispatch read source) and calls `acknowledge()` when it is
/// readable. Closed when the value goes.
package final class RealtimeTimer {
    /// What woke the descriptor.
    package enum Wake: Sendable, Equatable {
        /// The moment was reached.
        case expired
        /// The wall clock was set; the moment may now be nearer, further, or past: arm again.
        case clockWasSet
        /// Nothing (a spurious wake-up, or read already).
        case none
    }

    package let descriptor: Int32

    package init() throws(SystemCallError) {
        descriptor = try SystemCall.retrying("timerfd_create", "CLOCK_REALTIME") { kith_realtime_timer_create() }
    }

    deinit { Glibc.close(descriptor) }

    /// Arms for the wall-clock moment `seconds` since the epoch (replacing what was armed); a moment already
    /// past fires at once.
    package func arm(at seconds: Int, nanoseconds: Int = 0) throws(SystemCallError) {
        // 0 would disarm the timer: the epoch's first nanosecond is as past as any.
        let (whole, part) = seconds <= 0 && nanoseconds <= 0 ? (0, 1) : (seconds, nanoseconds)
        try SystemCall.retrying("timerfd_settime", "CLOCK_REALTIME") {
            kith_realtime_timer_arm(descriptor, Int64(whole), Int64(part))
        }
    }

    /// Reads the descriptor after it became readable: why it woke.
    package func acknowledge() -> Wake {
        var expirations: UInt64 = 0
        while true {
            let count = withUnsafeMutableBytes(of: &expirations) { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 8 { return .expired }
            switch errno {
            case EINTR: continue
            case ECANCELED: return .clockWasSet
            default: return .none
            }
        }
    }
}
