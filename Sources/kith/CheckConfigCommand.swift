import ArgumentParser
import Foundation
import KithCore
import KithFormats

/// `kith check-config`: shows the effective settings and every problem; exits 78 on errors.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the config file and show the effective settings (secrets masked).",
        discussion: """
            Exits 0 when the config is usable, 78 (EX_CONFIG) on errors, among them what `kith run` would fail \
            on: an inbox that is missing or cannot be listed, a state_dir or Maildir that cannot be created or \
            written, an unreadable mail.password_file (checked for the user running this command; \
            password_command is not run). With --syntax-only, only the TOML syntax is checked; with --json as \
            well, the document is printed in toml-test's tagged JSON form and a syntax error exits 1.
            """
    )

    @Option(name: .long, help: "The config file (default: $KITH_CONFIG, the XDG config folder, /etc/kith/kith.toml).")
    var config: String?

    @Flag(help: "Only check the TOML syntax.")
    var syntaxOnly = false

    @Flag(help: "With --syntax-only: print the document as tagged JSON.")
    var json = false

    @Argument(help: "The config file (same as --config).")
    var file: String?

    func validate() throws {
        if json && !syntaxOnly { throw ValidationError("--json needs --syntax-only") }
        if config != nil && file != nil {
            throw ValidationError("give the config file once, as --config or as an argument")
        }
    }

    func run() throws {
        let path = ConfigFile.resolve(config ?? file)
        if syntaxOnly {
            let parsed: (bytes: [UInt8], outcome: ConfigFile.Outcome)
            do {
                parsed = try ConfigFile.parse(path: path)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(json ? 1 : ConfigFile.exitCode)
            }
            switch parsed.outcome {
            case .syntaxError(let error):
                ConfigFile.printDiagnostics([error.diagnostic(path: path)])
                throw ExitCode(json ? 1 : ConfigFile.exitCode)
            case .read(let table):
                print(json ? table.taggedJSON : "\(path): syntax is valid")
            }
            return
        }
        let loaded = try ConfigFile.load(path: path)
        var diagnostics = loaded.diagnostics
        if let settings = loaded.settings {
            print("# \(path)")
            print(settings.effectiveDescription)
            // What `kith run` would stop on, as this user sees the machine (under the unit, that user).
            diagnostics += Preflight.checking(settings, configPath: path).diagnostics(.system)
        }
        ConfigFile.printDiagnostics(diagnostics)
        let errors = diagnostics.count { $0.severity == .error }
        if errors > 0 {
            FileHandle.standardError.write(
                Data("\(path): \(errors) error\(errors == 1 ? "" : "s"); Kith cannot start with this config\n".utf8)
            )
            throw ExitCode(ConfigFile.exitCode)
        }
    }
}
