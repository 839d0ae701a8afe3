import Foundation
import KithCore
import KithSystem

/// The copies of the sources in `state_dir/sources`: read as part of the inbox, one file per configured
/// source (`NAME.ics` or `NAME.vcf`); a copy whose source left the config is removed.
package enum SourceFiles {
    /// The copies kept for the configured sources, those that exist, in the config's order.
    package static func copies(_ settings: Settings) -> [String] {
        let folder = SourceFetch.folder(settings)
        var files: [String] = []
        for source in settings.sources {
            for kind in ["ics", "vcf"] {
                let path = "\(folder)/\(source.name).\(kind)"
                if FileManager.default.fileExists(atPath: path) { files.append(path) }
            }
        }
        return files
    }

    /// Removes the copies (and leftovers of interrupted writes) of sources the config no longer names; returns
    /// the paths removed.
    @discardableResult
    package static func prune(_ settings: Settings) -> [String] {
        let folder = SourceFetch.folder(settings)
        let names = Set(settings.sources.map(\.name))
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for entry in entries.sorted() {
            let base = entry.split(separator: ".", maxSplits: 1).first.map(String.init) ?? entry
            let isCopy = entry.hasSuffix(".ics") || entry.hasSuffix(".vcf")
            guard !isCopy || !names.contains(base) else { continue }
            let path = folder + "/" + entry
            if (try? SystemCall.remove(path)) != nil { removed.append(path) }
        }
        return removed
    }
}
