import Foundation
import KithTestSupport
import Testing

@testable import KithFormats

/// Invariant 3: no input crashes or hangs the readers. Seeded random damage to real files (bytes flipped,
/// lines cut, folds and quotes broken, files truncated), each read and expanded over a window.
@Suite struct MutationTests {
    typealias Generator = SeededRandom

    static func mutate(_ bytes: [UInt8], using random: inout Generator) -> [UInt8] {
        var result = bytes
        let damage: [UInt8] = [0x00, 0x0A, 0x0D, 0x20, 0x22, 0x3A, 0x3B, 0x3D, 0x5C, 0x5E, 0x80, 0xC3, 0xFF]
        for _ in 0..<Int.random(in: 1...20, using: &random) where !result.isEmpty {
            let index = Int.random(in: 0..<result.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: result[index] = damage.randomElement(using: &random)!
            case 1: result.remove(at: index)
            case 2: result.insert(damage.randomElement(using: &random)!, at: index)
            case 3: result.removeSubrange(index..<min(result.count, index + Int.random(in: 1...200, using: &random)))
            default: result = Array(result.prefix(index))
            }
        }
        return result
    }

    @Test func damagedFilesNeverCrashOrHang() throws {
        let inbox = Corpus.packageRoot.appendingPathComponent("examples/inbox")
        let files: [(String, Document.Kind)] = [("contacts.vcf", .contacts), ("work/calendar.ics", .calendar)]
        var random = Generator(seed: 20_261_129)
        let database = TimeZoneDatabase()
        let window = DateWindow(
            from: CivilDate(year: 2020, month: 1, day: 1),
            to: CivilDate(year: 2030, month: 1, day: 1)
        )
        var read = 0
        for (name, kind) in files {
            let original = [UInt8](try Data(contentsOf: inbox.appendingPathComponent(name)))
            for _ in 0..<250 {
                let damaged = Self.mutate(original, using: &random)
                let document = Document.parse(bytes: damaged, path: name, kind: kind)
                if let calendar = document.calendar {
                    var log = DiagnosticLog(path: name)
                    _ = calendar.occurrences(in: window, database: database, log: &log)
                }
                // Every diagnostic points into the file.
                // Physical lines end at LF, CRLF or a lone CR.
                var lines = 2
                for (index, byte) in damaged.enumerated() {
                    if byte == 0x0A || (byte == 0x0D && (index + 1 == damaged.count || damaged[index + 1] != 0x0A)) {
                        lines += 1
                    }
                }
                let outside = document.diagnostics.filter { $0.line < 1 || $0.line > lines }
                #expect(outside.isEmpty, "\(outside.first.map(\.description) ?? "") (\(lines) lines)")
                read += 1
            }
        }
        #expect(read == 500)
    }
}
