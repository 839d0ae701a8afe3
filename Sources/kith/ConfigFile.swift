import ArgumentParser
import Foundation
import KithCore
import KithFormats

/// Finds, reads and checks the config file: the I/O around the pure `TOMLParser` and `SettingsReader`.
enum ConfigFile {
    /// EX_CONFIG (sysexits.h): the unit's RestartPreventExitStatus stops restarting on it.
    static let exitCode: Int32 = 78

    /// `--config`, else `$KITH_CONFIG`, else `$XDG_CONFIG_HOME/kith/kith.toml` (or `~/.config/…`) when it
    /// exists, else `/etc/kith/kith.toml`.
    static func resolve(_ explicit: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit { return explicit }
        if let path = environment["KITH_CONFIG"], !path.isEmpty { return path }
        let user = userConfigPath()
        if FileManager.default.fileExists(atPath: user) { return user }
        return "/etc/kith/kith.toml"
    }

    static func userConfigPath() -> String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home() + "/.config"
        return base + "/kith/kith.toml"
    }

    static func home() -> String { ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory() }

    /// `state_dir` when the config does not set it: `$STATE_DIRECTORY` (systemd's `StateDirectory=`), else
    /// `kith@USER`'s `/var/lib/kith/USER` when that folder exists and belongs to the user running the command
    /// (so `kith` in USER's shell acts on the service's state, not on a second empty one), else
    /// `$XDG_STATE_HOME/kith` (`~/.local/state/kith`, also the user unit's `StateDirectory=`).
    static func defaultStateDirectory() -> String { defaultStateDirectoryAndOrigin().directory }

    /// Where `defaultStateDirectory()` took its value from, for diagnostics about a `state_dir` not written.
    static func defaultStateDirectoryOrigin() -> String { defaultStateDirectoryAndOrigin().origin }

    private static func defaultStateDirectoryAndOrigin() -> (directory: String, origin: String) {
        let environment = ProcessInfo.processInfo.environment
        if let directory = environment["STATE_DIRECTORY"], !directory.isEmpty {
            return (String(directory.split(separator: ":").first ?? ""), "$STATE_DIRECTORY")
        }
        if let instance = templateUnitStateDirectory() {
            return (instance, "kith@USER's state folder \(instance)")
        }
        if let base = environment["XDG_STATE_HOME"], !base.isEmpty { return (base + "/kith", "$XDG_STATE_HOME/kith") }
        return (home() + "/.local/state/kith", "$HOME/.local/state/kith")
    }

    /// `/var/lib/kith/USER` when it is a folder owned by the effective user (root excepted: root's state is
    /// not a `kith@root` instance).
    static func templateUnitStateDirectory(root: String = "/var/lib/kith") -> String? {
        let uid = geteuid()
        guard uid != 0, let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return nil }
        let folder = "\(root)/\(String(cString: name))"
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == uid else { return nil }
        return folder
    }

    /// The system's zone: `$TZ`, else `/etc/timezone`, else the target of `/etc/localtime`, else UTC.
    static func systemTimeZone() -> String {
        if let zone = ProcessInfo.processInfo.environment["TZ"], !zone.isEmpty {
            return zone.hasPrefix(":") ? String(zone.dropFirst()) : zone
        }
        if let text = try? String(contentsOfFile: "/etc/timezone", encoding: .utf8) {
            let zone = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !zone.isEmpty { return zone }
        }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime"),
            let range = target.range(of: "zoneinfo/")
        {
            return String(target[range.upperBound...])
        }
        return "UTC"
    }

    enum Outcome {
        case syntaxError(TOMLError)
        case read(TOMLTable)
    }

    static func parse(path: String) throws -> (bytes: [UInt8], outcome: Outcome) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigFileError(message: "\(path): cannot read the config file (create one with `kith init`)")
        }
        let bytes = [UInt8](data)
        switch TOMLParser.parse(bytes) {
        case .success(let table): return (bytes, .read(table))
        case .failure(let error): return (bytes, .syntaxError(error))
        }
    }

    /// Reads and checks the settings, with every problem as a diagnostic (nil settings when there were
    /// errors). A file that cannot be read at all is reported on stderr and ends the command with 78.
    static func load(path: String) throws -> (settings: Settings?, diagnostics: [Diagnostic]) {
        let outcome: Outcome
        do {
            outcome = try parse(path: path).outcome
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(exitCode)
        }
        switch outcome {
        case .syntaxError(let error):
            return (nil, [error.diagnostic(path: path)])
        case .read(let table):
            var mode: UInt16? = nil
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let permissions = attributes[.posixPermissions] as? NSNumber
            {
                mode = permissions.uint16Value
            }
            let database = TimeZoneDatabase()
            let environment = ConfigEnvironment(
                systemTimeZone: systemTimeZone(),
                defaultStateDirectory: defaultStateDirectory(),
                configFileMode: mode,
                isKnownTimeZone: { database.rules(named: $0) != nil }
            )
            return SettingsReader.read(table, path: path, environment: environment)
        }
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
    }
}

struct ConfigFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
