import Foundation

/// The reply messages under Fixtures/, written as the clients named write them (CRLF line ends).
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The digest every fixture replies to.
    static let digestID = "kith.2026-W49.q7Zp3xLm9RwT2vNc@kith.local"

    static let clients = ["gmail", "outlook", "apple-mail", "thunderbird", "base64", "html-only-1252"]
    static let forged = ["from-stranger", "no-digest-id", "auto-replied"]

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name + ".eml")))
    }
}
