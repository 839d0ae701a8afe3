/// A hash that is the same in every run and on every machine (Swift's `Hasher` is seeded per process):
/// for jitter that must not change between digests, and for identifiers that must not change between sends.
enum StableHash {
    /// FNV-1a, 64 bits, of the text's UTF-8.
    static func fnv1a(_ text: String) -> UInt64 { fnv1a(text.utf8) }

    /// FNV-1a, 64 bits.
    @inline(__always)
    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }
}
