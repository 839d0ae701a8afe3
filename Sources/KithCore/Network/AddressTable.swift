/// E-mail addresses (lower-cased bytes) and a number for each: who an address belongs to.
///
/// A large network looks up an address for every attendee of every event, hundreds of thousands of times:
/// the addresses are kept end to end in one byte buffer and found through an open-addressed table of entry
/// numbers, hashed from the bytes, so that no `String` is made, hashed or compared on the way.
struct AddressTable: Sendable {
    /// The addresses, end to end; entry `i` spans `starts[i]..<starts[i + 1]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    private var values: [Int32] = []
    /// Per slot, the low 32 bits of its address' hash (which place it) in the high half and its entry plus
    /// one in the low half, 0 where free: a probe compares hashes without reading the addresses. A power of
    /// two in size, at least twice the entries'.
    private var slots: [UInt64]

    init() { slots = [UInt64](repeating: 0, count: 16) }

    var count: Int { values.count }

    /// The hash the table places an address by.
    @inline(__always)
    static func hash(_ address: UnsafeBufferPointer<UInt8>) -> UInt64 { StableHash.fnv1a(address) }

    /// Calls `body` with the address of entry `entry` (entries are numbered in the order they were added).
    func withAddress<Result>(_ entry: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[Int(starts[entry])..<Int(starts[entry + 1])]))
        }
    }

    /// The value of an address, nil when it is not in the table.
    func value(of address: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        slot(of: address, hash: hash).entry.map { values[$0] }
    }

    func value(of address: String) -> Int32? {
        var address = address
        return address.withUTF8 { value(of: $0, hash: Self.hash($0)) }
    }

    /// Adds an address with its value, unless it is there already; returns the value it has in the table.
    @discardableResult
    mutating func insert(_ address: UnsafeBufferPointer<UInt8>, hash: UInt64, value: Int32) -> Int32 {
        let (found, free) = slot(of: address, hash: hash)
        if let found { return values[found] }
        slots[free] = (hash << 32) | UInt64(values.count + 1)
        bytes.append(contentsOf: address)
        starts.append(Int32(bytes.count))
        values.append(value)
        if values.count * 2 > slots.count { grow() }
        return value
    }

    @discardableResult
    mutating func insert(_ address: String, value: Int32) -> Int32 {
        var address = address
        return address.withUTF8 { insert($0, hash: Self.hash($0), value: value) }
    }

    /// Changes every value.
    mutating func mapValues(_ transform: (Int32) -> Int32) {
        for index in values.indices { values[index] = transform(values[index]) }
    }

    /// The entry holding the address, or the free slot where it would go.
    private func slot(of address: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (entry: Int?, free: Int) {
        slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { stored in
                let mask = slots.count - 1
                let check = hash << 32
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let occupant = slots[slot]
                    if occupant == 0 { return (nil, slot) }
                    if occupant & 0xFFFF_FFFF_0000_0000 == check {
                        let entry = Int(occupant & 0xFFFF_FFFF) - 1
                        let start = Int(starts[entry])
                        if Int(starts[entry + 1]) - start == address.count, Self.equal(stored, from: start, address) {
                            return (entry, slot)
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    @inline(__always)
    private static func equal(
        _ stored: UnsafeBufferPointer<UInt8>,
        from start: Int,
        _ address: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        for offset in 0..<address.count where stored[start + offset] != address[offset] { return false }
        return true
    }

    /// Twice the slots, each occupant placed again by the hash bits it keeps.
    private mutating func grow() {
        let size = slots.count * 2
        let mask = size - 1
        var grown = [UInt64](repeating: 0, count: size)
        for occupant in slots where occupant != 0 {
            var slot = Int(occupant >> 32) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = occupant
        }
        slots = grown
    }
}
