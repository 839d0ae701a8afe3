import Foundation
import Testing

@testable import KithCore

/// Every config the TOML fuzzer (scripts/fuzz.sh toml) found to crash or hang the reader, read again.
@Suite struct TOMLFuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/fuzz"
    )

    static let fixtures: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
        .sorted()

    @Test func thereAreFixtures() { #expect(!Self.fixtures.isEmpty) }

    @Test(arguments: fixtures) func fixtureIsReadOrRefusedWithAPosition(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        if case .failure(let error) = TOMLParser.parse(bytes) {
            #expect(error.position.line >= 1 && error.position.column >= 1)
        }
    }
}
