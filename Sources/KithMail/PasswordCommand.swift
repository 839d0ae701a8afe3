import Foundation

/// Runs `mail.password_command` with a time limit and an output limit: a command that waits for a prompt
/// nobody answers, or prints without end, must not hang or swamp Kith (a `pass` or `secret-tool` call takes
/// well under a second).
///
/// The command gets a process group of its own, so that when a limit is hit everything it started is
/// stopped with it: an orphan would keep Kith's standard error open, and a caller reading it would wait.
package enum PasswordCommand {
    /// How long the command may take, in seconds.
    package static let timeLimit = 30
    /// The most it may print; a password is a line.
    package static let outputLimit = 64 * 1024

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The command's standard output, when it exits 0 in time and prints at most `outputLimit` bytes.
    package static func run(_ command: String, timeLimit: Int = timeLimit) throws -> String {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw Failure(description: "cannot make a pipe") }
        defer { close(pipe[0]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        // Kith ignores SIGPIPE; the command should not inherit that.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(pipe[1])
        guard spawned == 0 else {
            throw Failure(description: "cannot be started: \(String(cString: strerror(spawned)))")
        }

        var output: [UInt8] = []
        var failure: String?
        let deadline = Date().addingTimeInterval(TimeInterval(timeLimit))
        var buffer = [UInt8](repeating: 0, count: 4096)
        reading: while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                failure = "did not finish within \(timeLimit) s; it was stopped"
                break
            }
            var descriptor = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 1) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = read(pipe[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break reading }
            output.append(contentsOf: buffer[0..<count])
            if output.count > outputLimit {
                failure = "printed more than \(outputLimit) bytes; it was stopped"
                break
            }
        }
        if failure != nil { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let failure { throw Failure(description: failure) }
        // The shell is gone; what it left running in its group goes too.
        kill(-pid, SIGKILL)
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            throw Failure(description: exited ? "failed (exit status \(code))" : "was killed (signal \(status & 0x7F))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
