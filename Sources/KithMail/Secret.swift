import Foundation

/// Where a password may come from, first found wins: a file, a command, an environment variable, a systemd
/// credential. The SMTP password and each source's use the same rules.
package struct Secret: Sendable {
    /// A password that was named and cannot be had: the file is unreadable, the command failed.
    package struct Unavailable: Error, Sendable {
        package var message: String
    }

    /// The settings' name, for messages: `mail`, `sources.work`.
    package var setting: String
    package var file: String?
    package var command: String?
    package var variable: String
    package var credential: String

    package init(setting: String, file: String?, command: String?, variable: String, credential: String) {
        self.setting = setting
        self.file = file
        self.command = command
        self.variable = variable
        self.credential = credential
    }

    /// The password (the first line of what holds it), or nil when nothing holds one.
    package func read(environment: [String: String]) throws(Unavailable) -> String? {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw Unavailable(message: "cannot read \(setting).password_file \(file)")
            }
            return Self.firstLine(text)
        }
        if let command {
            do {
                return Self.firstLine(try PasswordCommand.run(command))
            } catch {
                throw Unavailable(message: "\(setting).password_command \(error)")
            }
        }
        if let password = environment[variable], !password.isEmpty { return password }
        return Self.credential(credential, environment: environment) { path in
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The systemd credential `name` (its first line), or nil when there is none.
    ///
    /// The units load it with `LoadCredential=` and declare an empty `SetCredential=` as the fallback, so that a
    /// unit starts without the file; an empty or blank credential therefore means "none", never an empty password.
    package static func credential(
        _ name: String,
        environment: [String: String],
        read: (String) -> String?
    ) -> String? {
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty,
            let text = read(directory + "/" + name)
        else { return nil }
        let line = firstLine(text)
        return line.allSatisfy(\.isWhitespace) ? nil : line
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "")
    }
}
