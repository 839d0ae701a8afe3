/// A hash that is the same in every run and on every machine (Swift's `Hasher` is seeded per process):
/// for jitter that must not change between digests, and for identifiers that must not change between sends.
enum StableHash {
    /// FNV-1a, 64 bits.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }
}
