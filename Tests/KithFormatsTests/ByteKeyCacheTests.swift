import Testing

@testable import KithFormats

@Suite struct ByteKeyCacheTests {
    /// Every stored key gives back its own value, in the short list and in the dictionary alike; keys of the
    /// same length do not mix; nothing is kept past the limit.
    @Test func keysGiveBackTheirOwnValues() {
        var cache = ByteKeyCache<Int>()
        func key(_ number: Int) -> ArraySlice<UInt8> { ArraySlice(";TZID=Zone/\(1000 + number)".utf8) }
        for number in 0..<5_000 where cache[key(number)] == nil { cache.store(number, for: key(number)) }
        for number in 0..<(4_096 + 16) { #expect(cache[key(number)] == number) }
        #expect(cache[key(4_096 + 16)] == nil)
        #expect(cache[ArraySlice(";TZID=Zone/100".utf8)] == nil)
        var empty = ByteKeyCache<Int>()
        empty.store(7, for: [])
        #expect(empty[[]] == 7)
        #expect(empty[ArraySlice("x".utf8)] == nil)
    }
}
