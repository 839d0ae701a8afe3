import Foundation

/// IANA time zone rules read from a zoneinfo folder (TZif files), each read once and cached.
///
/// Thread-safe: files are parsed in parallel and share one database.
package final class TimeZoneDatabase: @unchecked Sendable {
    private let directory: String
    private let lock = NSLock()
    private var cache: [String: ZoneRules?] = [:]

    /// - Parameter directory: the zoneinfo folder; Debian's `/usr/share/zoneinfo` by default.
    package init(directory: String = "/usr/share/zoneinfo") {
        self.directory = directory
    }

    /// The rules of an IANA zone such as `Europe/Helsinki`, or nil when there is no such zone.
    package func rules(named name: String) -> ZoneRules? {
        guard Self.isPlausibleName(name) else { return nil }
        lock.lock()
        if let cached = cache[name] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let path = directory + "/" + name
        var rules: ZoneRules? = nil
        if let data = FileManager.default.contents(atPath: path) {
            rules = TZif.rules(identifier: name, data: Array(data))
        }
        lock.lock()
        cache[name] = rules
        lock.unlock()
        return rules
    }

    /// Zone names are path-like (`America/Argentina/Buenos_Aires`); nothing that could leave the folder.
    private static func isPlausibleName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count < 64, !name.hasPrefix("/"), !name.contains("..") else { return false }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                UInt8(ascii: "+"):
                return true
            default: return false
            }
        }
    }
}
