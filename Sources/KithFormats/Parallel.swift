import Foundation

/// Work spread over the machine's cores, on plain threads.
///
/// Plain threads rather than `concurrentPerform`: once libdispatch's worker pool has been used, its monitor
/// wakes the process every second for good, and the daemon must be idle when nothing happens.
package enum Parallel {
    /// Splits `0..<count` into contiguous ranges, one per core (fewer when there are fewer than
    /// `minimumPerRange` items per range; just one for `Int.max`), runs `body` on each range on its own thread
    /// (the first on the calling thread) and returns the results in the ranges' order. Deterministic: the
    /// ranges depend only on `count` and the number of cores.
    package static func ranges<Value: Sendable>(
        _ count: Int,
        minimumPerRange: Int,
        _ body: @escaping @Sendable (Range<Int>) -> Value
    ) -> [Value] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(minimumPerRange, 1)))
        let bounds = (0...parts).map { count * $0 / parts }
        if parts == 1 { return [body(0..<count)] }
        let slots = Slots<Value>(parts)
        let done = DispatchSemaphore(value: 0)
        for part in 1..<parts {
            let range = bounds[part]..<bounds[part + 1]
            let thread = Thread {
                let result = body(range)
                slots.lock.lock()
                slots.results[part] = result
                slots.lock.unlock()
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        let first = body(bounds[0]..<bounds[1])
        for _ in 1..<parts { done.wait() }
        slots.lock.lock()
        defer { slots.lock.unlock() }
        return [first] + slots.results[1...].map { $0! }
    }
}

extension Parallel {
    /// Runs two independent jobs at once, `second` on its own thread when there is more than one core (each
    /// may spread further with `ranges`), and returns both results. The first runs on the calling thread.
    package static func both<First: Sendable, Second: Sendable>(
        _ first: @escaping @Sendable () -> First,
        _ second: @escaping @Sendable () -> Second
    ) -> (First, Second) {
        let results = ranges(2, minimumPerRange: 1) { range in
            (range.contains(0) ? first() : nil, range.contains(1) ? second() : nil)
        }
        return (results.lazy.compactMap(\.0).first!, results.lazy.compactMap(\.1).first!)
    }
}

/// The results of `Parallel.ranges`, written by the threads under a lock.
private final class Slots<Value>: @unchecked Sendable {
    var results: [Value?]
    let lock = NSLock()
    init(_ count: Int) { results = Array(repeating: nil, count: count) }
}
