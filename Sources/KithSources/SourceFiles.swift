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

    /// Removes the copies of sources the config no longer names, and what interrupted writes left behind (a
    /// temporary file whose writer is gone); returns the paths removed. A write still in progress, by the
    /// service or by `kith sources fetch`, is left alone.
    @discardableResult
    package static func prune(_ settings: Settings) -> [String] {
        let folder = SourceFetch.folder(settings)
        let names = Set(settings.sources.map(\.name))
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for entry in entries.sorted() {
            let stale: Bool
            if entry.hasPrefix(SystemCall.temporaryPrefix) {
                // `.tmp-NAME-PID`: stale once that process is gone.
                let pid = entry.split(separator: "-").last.flatMap { Int32($0) }
                stale = pid.map { kill($0, 0) != 0 && errno == ESRCH } ?? true
            } else if entry.hasSuffix(".ics") || entry.hasSuffix(".vcf") {
                stale = !names.contains(String(entry.dropLast(4)))
            } else {
                stale = false
            }
            guard stale else { continue }
            let path = folder + "/" + entry
            if (try? SystemCall.remove(path)) != nil { removed.append(path) }
        }
        return removed
    }
}
