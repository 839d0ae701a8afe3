import Foundation
import KithDaemon
import KithMail

/// A transport that keeps what it is given, and fails when told to: what a service test counts.
package final class RecordingTransport: Transport, @unchecked Sendable {
    package struct Delivery: Sendable {
        package var message: [UInt8]
        package var envelope: Envelope
        /// The clock's time at the delivery.
        package var at: Int
    }

    private let lock = NSLock()
    private var recorded: [Delivery] = []
    private var attemptTimes: [Int] = []
    private let clock: ManualClock
    /// While set, each attempt fails with it (and is counted, not kept).
    package var failure: DeliveryError?

    package init(clock: ManualClock) { self.clock = clock }

    package var deliveries: [Delivery] { lock.withLock { recorded } }
    /// When each attempt was made, failed ones included.
    package var attempts: [Int] { lock.withLock { attemptTimes } }

    package func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String {
        let now = clock.now
        lock.lock()
        defer { lock.unlock() }
        attemptTimes.append(now)
        if let failure { throw failure }
        recorded.append(Delivery(message: message, envelope: envelope, at: now))
        return "250 recorded"
    }
}

/// A notifier that keeps every state it is told.
package final class RecordingNotifier: ServiceNotifier, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    package init() {}

    package var states: [String] { lock.withLock { recorded } }

    package func notify(_ state: String) { lock.withLock { recorded.append(state) } }
}
