/// The few draws the simulation makes, on the benchmark's seeded generator.
///
/// Written out rather than taken from the standard library's `random(in:using:)`, whose algorithm may change
/// between toolchains: the same seed must give the same year on every machine.
extension SplitMix64 {
    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A number in 0..<`count` (`count` > 0).
    mutating func below(_ count: Int) -> Int { Int(next() % UInt64(count)) }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// `values` in a random order (Fisher–Yates).
    mutating func shuffled<Value>(_ values: [Value]) -> [Value] {
        var result = values
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(index, below(index + 1))
        }
        return result
    }

    /// An index drawn in proportion to `weights` (not all zero).
    mutating func index(weightedBy weights: [Double], total: Double) -> Int {
        var remaining = unit() * total
        for (index, weight) in weights.enumerated() where weight > 0 {
            remaining -= weight
            if remaining < 0 { return index }
        }
        return weights.lastIndex { $0 > 0 }!
    }
}
