import Foundation

/// Where the shared conformance corpus lives: `$KITH_CORPUS`, else `../shared/corpus` beside the checkout.
enum Corpus {
    static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["KITH_CORPUS"] {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root.path) }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }
}
