import Foundation

/// SIGTERM and SIGINT stop the service at once, even in the middle of a send (the outbox keeps the message):
/// a plain signal handler, doing only async-signal-safe things prepared in advance — STOPPING=1 to
/// `$NOTIFY_SOCKET`, removing the pid file, one log line — then `_exit(0)`.
package enum StopOnSignal {
    private nonisolated(unsafe) static var socket: Int32 = -1
    private nonisolated(unsafe) static var address = sockaddr_un()
    private nonisolated(unsafe) static var addressLength: socklen_t = 0
    private nonisolated(unsafe) static var pidPath: UnsafeMutablePointer<CChar>?

    /// Call once, before the signals can arrive.
    package static func install(notifySocket: String?, pidFile: String) {
        if let path = notifySocket, !path.isEmpty {
            socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if let (prepared, length) = SystemdNotifier.address(path) {
                address = prepared
                addressLength = length
            }
        }
        pidPath = strdup(pidFile)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let message: StaticString = "STOPPING=1"
            if StopOnSignal.socket >= 0 && StopOnSignal.addressLength > 0 {
                withUnsafePointer(to: &StopOnSignal.address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                        _ = sendto(
                            StopOnSignal.socket,
                            message.utf8Start,
                            message.utf8CodeUnitCount,
                            0,
                            address,
                            StopOnSignal.addressLength
                        )
                    }
                }
            }
            if let path = StopOnSignal.pidPath { unlink(path) }
            let line: StaticString = "info: stopping\n"
            _ = write(2, line.utf8Start, line.utf8CodeUnitCount)
            _exit(0)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGINT, &action, nil)
        // A parent may have started Kith with these blocked (test runners do); they must reach the handler.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
