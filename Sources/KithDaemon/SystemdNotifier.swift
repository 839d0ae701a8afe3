import Foundation

/// sd_notify without libsystemd: datagrams to `$NOTIFY_SOCKET` (READY=1, STATUS=…, WATCHDOG=1, …).
package struct SystemdNotifier: Sendable {
    private let path: String?

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    package var isActive: Bool { path != nil }

    /// Half of `$WATCHDOG_USEC`, the interval to send WATCHDOG=1 at; nil without a watchdog.
    package static func watchdogInterval(environment: [String: String] = ProcessInfo.processInfo.environment) -> Double?
    {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Double(text), microseconds > 0 else {
            return nil
        }
        return microseconds / 2_000_000
    }

    /// The socket address of a `$NOTIFY_SOCKET` path; a leading "@" names an abstract socket (a NUL byte in
    /// the address). Nil when the path does not fit.
    static func address(_ path: String) -> (sockaddr_un, socklen_t)? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        return (address, socklen_t(MemoryLayout<sa_family_t>.size + bytes.count))
    }

    /// Sends `state` (lines such as "READY=1\nSTATUS=…"); errors are ignored, as sd_notify does.
    package func notify(_ state: String) {
        guard let path else { return }
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return }
        defer { close(socket) }
        guard let (address, length) = Self.address(path) else { return }
        let message = Array(state.utf8)
        _ = withUnsafePointer(to: address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(socket, $0.baseAddress, $0.count, 0, socketAddress, length) }
            }
        }
    }
}
