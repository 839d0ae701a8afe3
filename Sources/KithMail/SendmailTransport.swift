import Foundation

/// Pipes the message to `sendmail -t -i` (postfix, exim, msmtp and friends all provide one).
///
/// The exit status decides: sysexits' temporary failures (EX_TEMPFAIL, EX_UNAVAILABLE, EX_OSERR,
/// EX_IOERR, EX_SOFTWARE) and signals are retried; anything else non-zero fails for good.
package struct SendmailTransport: Transport {
    package let path: String

    package init(path: String) { self.path = path }

    static let temporaryStatuses: Set<Int32> = [69, 70, 71, 74, 75]

    package func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // -t: recipients from the headers; -i: a line with a single dot does not end the message.
        process.arguments = ["-t", "-i", "-f", envelope.from]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = errors
        do {
            try process.run()
        } catch {
            throw DeliveryError(.temporary, "cannot run \(path): \(error.localizedDescription)")
        }
        input.fileHandleForWriting.write(Data(message))
        try? input.fileHandleForWriting.close()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        let status = process.terminationStatus
        let detail = said.isEmpty ? "" : ": \(said)"
        if process.terminationReason == .uncaughtSignal {
            throw DeliveryError(.temporary, "\(path) was killed by signal \(status)\(detail)")
        }
        if status == 0 { return "\(path) accepted the message" + detail }
        let kind: DeliveryError.Kind = Self.temporaryStatuses.contains(status) ? .temporary : .permanent
        throw DeliveryError(kind, "\(path) exited with status \(status)\(detail)")
    }
}
