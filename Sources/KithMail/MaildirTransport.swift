import Foundation
import KithSystem
import Synchronization

/// Delivers into a Maildir (the default: no server needed), the Maildir way: written in `tmp/`, then moved
/// into `new/` under a unique name, so that a mail reader never sees a half-written message.
package struct MaildirTransport: Transport {
    package let root: String

    package init(root: String) { self.root = root }

    package func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String {
        do {
            for folder in ["tmp", "new", "cur"] { try SystemCall.makeFolders("\(root)/\(folder)") }
            let name = Self.uniqueName()
            try SystemCall.writeAtomically(message, to: "\(root)/tmp/\(name)")
            try SystemCall.move("\(root)/tmp/\(name)", to: "\(root)/new/\(name)")
            return "\(root)/new/\(name)"
        } catch {
            // A full disk or a permission problem may pass; keep the message and try again later.
            throw DeliveryError(.temporary, "Maildir \(root): \(error)", cause: .system(error))
        }
    }

    /// `seconds.M<microseconds>P<pid>Q<counter>.<host>`, as the Maildir convention suggests.
    static func uniqueName() -> String {
        var time = timeval()
        gettimeofday(&time, nil)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
        let count = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(time.tv_sec).M\(time.tv_usec)P\(getpid())Q\(count).\(hostName)"
    }

    private static let counter = Atomic<Int>(0)
}
