import Foundation
import KithCore
import KithFormats
import KithMail

/// What `kith run` would fail on once started, found beforehand: the inbox, the state folder, the Maildir and
/// the SMTP password file, each reported at the line of the setting that named it.
///
/// `kith check-config` and `kith run` share these checks so that a service that cannot work exits 78 at once
/// (the unit's `RestartPreventExitStatus=78`) instead of failing later in a restart loop. The file system comes
/// in as plain calls (`FileSystem`), answered for the effective user. `password_command` is never run here: it
/// may prompt, take time, or have effects of its own.
struct Preflight {
    /// The questions the checks ask of the file system.
    struct FileSystem {
        enum Kind: Equatable {
            case folder, file, other
            /// Something may be there, but a folder above it cannot be searched.
            case unreachable
        }

        /// What is at a path, following symbolic links; nil when nothing is.
        var kind: (String) -> Kind?
        /// Whether a folder's entries can be read.
        var canList: (String) -> Bool
        /// Whether a file can be opened for reading.
        var canRead: (String) -> Bool
        /// Whether a file can be written, or entries made in a folder (write and search permission).
        var canWrite: (String) -> Bool
        /// The permission bits, nil when they cannot be read.
        var mode: (String) -> UInt16?
        /// A small file's text (the systemd credential), nil when it cannot be read.
        var contents: (String) -> String?
    }

    /// The settings, with relative folders already resolved against the config's folder.
    var settings: Settings
    var configPath: String
    /// Where `state_dir` came from when the config does not set it, e.g. `$STATE_DIRECTORY`.
    var stateDirectoryOrigin: String
    var environment: [String: String]
    /// The effective user the checks answer for, named in messages (under systemd it is the unit's user).
    var userID: UInt32

    /// Every problem found: errors for what stops `run`, warnings for what is unwise or may fail later.
    func diagnostics(_ files: FileSystem) -> [Diagnostic] {
        var found: [Diagnostic] = []
        checkInbox(files, into: &found)
        let stateUsable = checkStateDirectory(files, into: &found)
        if stateUsable && settings.mail.transport == .maildir { checkMaildir(files, into: &found) }
        checkPassword(files, into: &found)
        return found
    }

    // MARK: - The checks

    private func checkInbox(_ files: FileSystem, into found: inout [Diagnostic]) {
        let inbox = settings.inbox
        let at = position("inbox")
        switch files.kind(inbox) {
        case nil:
            found.append(
                error(.inboxMissing, "inbox \(inbox) does not exist; create it or point inbox at your sync folder", at)
            )
        case .folder?:
            if !files.canList(inbox) {
                found.append(
                    error(
                        .inboxUnreadable,
                        "inbox \(inbox) cannot be listed by \(user) (it needs read and search permission)",
                        at
                    )
                )
            }
        case .unreachable?:
            found.append(
                error(.inboxUnreadable, "inbox \(inbox) cannot be reached by \(user): \(Self.unsearchable)", at)
            )
        case .file?, .other?:
            found.append(error(.inboxNotFolder, "inbox \(inbox) is not a folder", at))
        }
    }

    /// Returns whether the state folder is usable (or can be made), so that the Maildir inside it is worth checking.
    private func checkStateDirectory(_ files: FileSystem, into found: inout [Diagnostic]) -> Bool {
        let folder = settings.stateDirectory
        let at = position("state_dir")
        let subject =
            settings.positions["state_dir"] == nil
            ? "state_dir \(folder) (not set in the config, so from \(stateDirectoryOrigin))" : "state_dir \(folder)"
        switch files.kind(folder) {
        case .folder?:
            guard files.canWrite(folder) else {
                found.append(error(.stateDirectoryNotWritable, "\(subject) is not writable by \(user)", at))
                return false
            }
            // A command run as root by an older Kith may have left files the service's user cannot write.
            for name in ["kith.sqlite", "kith.sqlite-wal", "kith.sqlite-shm", "outbox", "outbox/sent", "outbox/failed"]
            {
                let path = folder + "/" + name
                if files.kind(path) != nil && !files.canWrite(path) {
                    found.append(
                        error(
                            .stateDirectoryNotWritable,
                            "\(subject): \(path) is not writable by \(user); chown it to the user the service runs as",
                            at
                        )
                    )
                    return false
                }
            }
            return true
        case nil:
            if let problem = whyNotCreatable(folder, files) {
                found.append(error(.stateDirectoryNotCreatable, "\(subject) cannot be created: \(problem)", at))
                return false
            }
            return true
        case .unreachable?:
            found.append(
                error(.stateDirectoryNotWritable, "\(subject) cannot be reached by \(user): \(Self.unsearchable)", at)
            )
            return false
        case .file?, .other?:
            found.append(error(.stateDirectoryNotWritable, "\(subject) is not a folder", at))
            return false
        }
    }

    private func checkMaildir(_ files: FileSystem, into found: inout [Diagnostic]) {
        let maildir = settings.stateDirectory + "/mail"
        let written = settings.positions["mail.transport"] != nil
        let at = written ? position("mail.transport") : position("state_dir")
        let subject = "the Maildir \(maildir) (mail.transport = \"maildir\"\(written ? "" : ", the default"))"
        var problem: String? = nil
        switch files.kind(maildir) {
        case nil:
            problem = whyNotCreatable(maildir, files)
        case .folder?:
            for path in [maildir, maildir + "/tmp", maildir + "/new"] where problem == nil {
                if let kind = files.kind(path) {
                    if kind != .folder {
                        problem = "\(path) is not a folder"
                    } else if !files.canWrite(path) {
                        problem = "\(path) is not writable by \(user)"
                    }
                }
            }
        case .unreachable?, .file?, .other?:
            problem = "\(maildir) is not a folder"
        }
        if let problem { found.append(error(.maildirNotCreatable, "\(subject) cannot be created: \(problem)", at)) }
    }

    private func checkPassword(_ files: FileSystem, into found: inout [Diagnostic]) {
        let mail = settings.mail
        if let file = mail.passwordFile {
            let at = position("mail.password_file")
            switch files.kind(file) {
            case nil:
                found.append(error(.passwordFileUnreadable, "mail.password_file \(file) does not exist", at))
            case .folder?:
                found.append(error(.passwordFileUnreadable, "mail.password_file \(file) is a folder", at))
            default:
                if !files.canRead(file) {
                    found.append(
                        error(.passwordFileUnreadable, "mail.password_file \(file) cannot be read by \(user)", at)
                    )
                } else if let mode = files.mode(file), mode & 0o004 != 0 {
                    found.append(
                        warning(
                            .passwordFileExposed,
                            "mail.password_file \(file) can be read by everyone (mode \(String(mode & 0o777, radix: 8))); "
                                + "chmod 600 it, or 640 with the service's group",
                            at
                        )
                    )
                }
            }
            return
        }
        guard mail.transport == .smtp, mail.username != nil, mail.passwordCommand == nil, mail.password == nil,
            environment["KITH_SMTP_PASSWORD"].map(\.isEmpty) ?? true,
            Delivery.credential(environment: environment, read: files.contents) == nil
        else { return }
        // Under systemd the unit's LoadCredential gives the password; outside it (a check from a shell) there is
        // none, which is not an error of the config.
        let reason =
            (environment["CREDENTIALS_DIRECTORY"] ?? "").isEmpty
            ? "$CREDENTIALS_DIRECTORY is not set (outside the systemd unit)"
            : "the credential $CREDENTIALS_DIRECTORY/smtp-password is absent or empty"
        found.append(
            warning(
                .credentialAbsent,
                "mail.username is set but no password is given: \(reason), and there is no password_file, "
                    + "password_command, $KITH_SMTP_PASSWORD or password; under the unit, "
                    + "LoadCredential=smtp-password:/etc/kith/smtp-password supplies it",
                position("mail.username")
            )
        )
    }

    // MARK: - Helpers

    private var user: String { "uid \(userID)" }

    /// Why `path`, which does not exist, cannot be made: its nearest existing folder must take new entries.
    private func whyNotCreatable(_ path: String, _ files: FileSystem) -> String? {
        var ancestor = Self.parent(path)
        while files.kind(ancestor) == nil && ancestor != "/" { ancestor = Self.parent(ancestor) }
        switch files.kind(ancestor) {
        case .folder?:
            return files.canWrite(ancestor) ? nil : "\(ancestor) is not writable by \(user)"
        case .unreachable?:
            return "\(ancestor) cannot be reached by \(user): \(Self.unsearchable)"
        default:
            return "\(ancestor) is not a folder"
        }
    }

    /// Why `stat` said EACCES: the kernel does not say which folder, so neither can we.
    private static let unsearchable = "a folder above it is not searchable (x permission)"

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private func position(_ key: String) -> SourcePosition {
        settings.positions[key] ?? SourcePosition(line: 1, column: 1)
    }

    private func error(_ code: Diagnostic.Code, _ message: String, _ at: SourcePosition) -> Diagnostic {
        Diagnostic(.error, code, message, path: configPath, line: at.line, column: at.column)
    }

    private func warning(_ code: Diagnostic.Code, _ message: String, _ at: SourcePosition) -> Diagnostic {
        Diagnostic(.warning, code, message, path: configPath, line: at.line, column: at.column)
    }
}

extension Preflight {
    /// The checks for loaded settings, as the process sees the machine (relative folders are resolved here).
    static func checking(_ settings: Settings, configPath: String) -> Preflight {
        Preflight(
            settings: Workspace.resolvingFolders(settings, configPath: configPath),
            configPath: configPath,
            stateDirectoryOrigin: ConfigFile.defaultStateDirectoryOrigin(),
            environment: ProcessInfo.processInfo.environment,
            userID: geteuid()
        )
    }
}

extension Preflight.FileSystem {
    /// The real file system, asked with the effective user's rights (`AT_EACCESS`), as `run` would meet it.
    static var system: Preflight.FileSystem {
        Preflight.FileSystem(
            kind: { path in
                var status = stat()
                guard stat(path, &status) == 0 else {
                    return errno == ENOENT || errno == ENOTDIR ? nil : .unreachable
                }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: return .folder
                case S_IFREG: return .file
                default: return .other
                }
            },
            canList: { path in
                guard let directory = opendir(path) else { return false }
                closedir(directory)
                return true
            },
            canRead: { path in
                // O_NONBLOCK: a FIFO named by mistake must not hang the check.
                let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
                guard descriptor >= 0 else { return false }
                close(descriptor)
                return true
            },
            canWrite: { path in
                var status = stat()
                let isFolder = stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
                return faccessat(AT_FDCWD, path, W_OK | (isFolder ? X_OK : 0), AT_EACCESS) == 0
            },
            mode: { path in
                var status = stat()
                guard stat(path, &status) == 0 else { return nil }
                return UInt16(status.st_mode & 0o7777)
            },
            contents: { path in
                FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            }
        )
    }
}

extension Diagnostic.Code {
    static let inboxMissing = Diagnostic.Code(rawValue: "inbox-missing")
    static let inboxNotFolder = Diagnostic.Code(rawValue: "inbox-not-folder")
    static let inboxUnreadable = Diagnostic.Code(rawValue: "inbox-unreadable")
    static let stateDirectoryNotCreatable = Diagnostic.Code(rawValue: "state-dir-not-creatable")
    static let stateDirectoryNotWritable = Diagnostic.Code(rawValue: "state-dir-not-writable")
    static let maildirNotCreatable = Diagnostic.Code(rawValue: "maildir-not-creatable")
    static let passwordFileUnreadable = Diagnostic.Code(rawValue: "password-file-unreadable")
    static let passwordFileExposed = Diagnostic.Code(rawValue: "password-file-readable-by-others")
    static let credentialAbsent = Diagnostic.Code(rawValue: "smtp-credential-absent")
}
