import Foundation

/// Values kept by the bytes they were read from, for a parser that meets the same few texts again and again
/// (a file's TZID parameters, its RRULE values).
///
/// The first few keys are searched in a short list (a length check and `memcmp` each, no hashing), since a
/// file usually repeats a handful; later ones go to a dictionary; and at most `limit` are kept, so that a file
/// of all-different values cannot grow the cache without bound.
struct ByteKeyCache<Value> {
    private var recent: [(key: [UInt8], value: Value)] = []
    private var more: [Key: Value] = [:]
    private static var listed: Int { 16 }
    private static var limit: Int { 4096 }

    /// Bytes as a dictionary key, hashed in one go rather than byte by byte.
    private struct Key: Hashable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    subscript(key: ArraySlice<UInt8>) -> Value? {
        key.withUnsafeBytes { wanted in
            for entry in recent where entry.key.count == wanted.count {
                let same = entry.key.withUnsafeBytes { stored in
                    wanted.isEmpty || memcmp(stored.baseAddress!, wanted.baseAddress!, wanted.count) == 0
                }
                if same { return entry.value }
            }
            return more.isEmpty ? nil : more[Key(bytes: Array(key))]
        }
    }

    /// Keeps a value read from `key` (unless the cache is full).
    mutating func store(_ value: Value, for key: ArraySlice<UInt8>) {
        if recent.count < Self.listed {
            recent.append((Array(key), value))
        } else if more.count < Self.limit {
            more[Key(bytes: Array(key))] = value
        }
    }
}
