import KithTestSupport
import Testing

@testable import KithReplies

/// Decoders against encoders written here (the oracle), and the reader against damaged messages.
@Suite struct DecodingPropertyTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// RFC 2045 §6.8, lines of 76 characters with CRLF.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var column = 0
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(16 - 8 * $1.offset) }
            for index in 0..<4 {
                out.append(
                    index <= chunk.count ? alphabet[Int(value >> UInt32(18 - 6 * index) & 63)] : UInt8(ascii: "=")
                )
            }
            column += 4
            if column == 76 {
                out += [13, 10]
                column = 0
            }
        }
        return out
    }

    /// RFC 2045 §6.7 at its plainest: printable ASCII as it is, everything else `=XX`, a soft break every 70.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var column = 0
        for byte in bytes {
            let piece: [UInt8]
            if (33...126).contains(byte) && byte != UInt8(ascii: "=") {
                piece = [byte]
            } else {
                piece = Array("=\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))".utf8)
            }
            if column + piece.count > 70 {
                out += Array("=\r\n".utf8)
                column = 0
            }
            out += piece
            column += piece.count
        }
        return out
    }

    @Test func transferEncodingsRoundTrip() {
        var random = SeededRandom(seed: 2045)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0..<300, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            #expect(TransferEncoding.base64(Self.base64(bytes)[...]) == bytes)
            #expect(TransferEncoding.quotedPrintable(Self.quotedPrintable(bytes)[...]) == bytes)
        }
    }

    @Test func damagedMessagesAreReadWithoutFailing() throws {
        var random = SeededRandom(seed: 5322)
        for name in Fixture.clients + Fixture.forged {
            let original = try Fixture.bytes(name)
            for _ in 0..<200 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...20, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] = [UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: "-"), 10, 0xFF, 0x3F]
                        .randomElement(using: &random)!
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
                let message = ReplyMessage(bytes)
                let commands = ReplyCommands(body: message.text, today: ClientReplyTests.today, itemCount: 5)
                #expect(commands.entries.count <= ReplyCommands.maximumLines)
            }
        }
    }
}
