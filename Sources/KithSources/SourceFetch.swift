import Foundation
import KithCore
import KithCurl
import KithMail
import KithSystem

/// Fetches one source through libcurl and keeps what it got: a conditional GET (ETag, Last-Modified), at most
/// five redirects, gzip, connect and total timeouts, certificates verified, a size limit enforced as the body
/// arrives; a body that is not a whole iCalendar or vCard object is refused, and the last good copy stays.
package struct SourceFetch {
    package enum Outcome: Sendable, Equatable {
        /// A new copy was written to `path`.
        case updated(path: String, bytes: Int)
        /// The server said 304: the copy kept is current.
        case notModified
        /// Nothing was written; why.
        case failed(String)
    }

    /// The folder the sources' copies are kept in: `state_dir/sources`.
    package static func folder(_ settings: Settings) -> String { settings.stateDirectory + "/sources" }

    package static let connectTimeout = 30
    package static let maximumRedirects = 5
    /// After a failure, the next attempt comes this long after it, doubling with each failure, but never later
    /// than the source's own `every`.
    package static let firstRetry = 5 * 60

    /// Fetches `source` now and returns its new state and what happened. `timeout` bounds the whole transfer.
    package static func fetch(
        _ source: Settings.Source,
        state: SourceState,
        folder: String,
        now: Int,
        timeout: Int = 300,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (state: SourceState, outcome: Outcome) {
        var state = state
        state.lastAttempt = now
        if state.url != source.fetchURL {
            // Another address: what the old one's server said proves nothing about the new one.
            state.etag = nil
            state.lastModified = nil
            state.url = source.fetchURL
        }
        var outcome: Outcome
        do {
            outcome = try transfer(source, state: &state, folder: folder, timeout: timeout, environment: environment)
        } catch {
            outcome = .failed(error.message)
        }
        var outcomeMessage: String?
        switch outcome {
        case .updated, .notModified:
            state.lastSuccess = now
            state.lastError = nil
            state.failingSince = nil
            state.failures = 0
            state.nextFetch = now + source.every.approximateSeconds
        case .failed(let why):
            // Whether anything is still read from this source, said once for every kind of failure.
            let kept = state.file.map { FileManager.default.fileExists(atPath: $0) } ?? false
            let message = why + (kept ? "; the last copy is kept" : "; nothing fetched from it yet")
            state.lastError = message
            outcomeMessage = message
            state.failingSince = state.failingSince ?? now
            state.failures += 1
            let backOff = firstRetry << min(state.failures - 1, 20)
            state.nextFetch = now + min(backOff, source.every.approximateSeconds)
        }
        if let outcomeMessage { outcome = .failed(outcomeMessage) }
        return (state, outcome)
    }

    /// A failure to fetch, said in a sentence.
    struct Failure: Error {
        var message: String
    }

    private static func transfer(
        _ source: Settings.Source,
        state: inout SourceState,
        folder: String,
        timeout: Int,
        environment: [String: String]
    ) throws(Failure) -> Outcome {
        let secret = Secret(
            setting: "sources.\(source.name)",
            file: source.passwordFile,
            command: source.passwordCommand,
            variable: source.passwordVariable,
            credential: source.credentialName
        )
        let password: String?
        do {
            password = try secret.read(environment: environment)
        } catch {
            throw Failure(message: error.message)
        }
        let curl: CurlEasy
        do {
            curl = try CurlEasy()
            let schemes = source.insecure ? "https,http" : "https"
            try curl.set(.url, source.fetchURL)
            try curl.set(.protocols, schemes)
            try curl.set(.redirectProtocols, schemes)
            try curl.set(.followLocation, 1)
            try curl.set(.maxRedirects, maximumRedirects)
            try curl.set(.acceptEncoding, "")
            try curl.set(.connectTimeout, min(connectTimeout, timeout))
            try curl.set(.timeout, timeout)
            try curl.set(.verifyPeer, 1)
            try curl.set(.verifyHost, 2)
            try curl.set(.userAgent, "Kith (calendar and address book feeds)")
            if let caFile = source.caFile { try curl.set(.caFile, caFile) }
            if let username = source.username { try curl.set(.username, username) }
            if let password { try curl.set(.password, password) }
            var headers = ["Accept: text/calendar, text/vcard, text/x-vcard, text/directory;q=0.9, */*;q=0.1"]
            // Validators only for a copy still kept: without it, a 304 would leave nothing to read.
            if let file = state.file, FileManager.default.fileExists(atPath: file) {
                if let etag = state.etag { headers.append("If-None-Match: \(etag)") }
                if let lastModified = state.lastModified { headers.append("If-Modified-Since: \(lastModified)") }
            }
            try curl.set(.httpHeaders, CurlStringList(headers))
            try curl.download(limit: source.maxSize)
        } catch {
            throw Failure(message: "libcurl refused an option: \(error)")
        }
        do {
            try curl.perform()
        } catch {
            if curl.receivedOverLimit || error.code == .fileSizeExceeded {
                throw Failure(
                    message: "the feed is larger than max_size (\(source.maxSize) bytes)"
                )
            }
            if error.code == .tooManyRedirects {
                throw Failure(message: "more than \(maximumRedirects) redirects")
            }
            throw Failure(message: "\(error)")
        }
        let status = curl.responseCode
        if status == 304 { return .notModified }
        guard (200..<300).contains(status) else {
            throw Failure(message: "the server answered HTTP \(status)\(reason(curl))")
        }
        let body = curl.received
        let kind: String
        switch SourceBody.kind(of: body) {
        case .success(let found): kind = found
        case .failure(let refusal): throw Failure(message: "\(refusal.message)")
        }
        let path = folder + "/" + source.name + "." + kind
        do {
            try SystemCall.makeFolders(folder)
            try SystemCall.writeAtomically(body, to: path)
        } catch {
            throw Failure(message: "cannot write \(path): \(error)")
        }
        // A feed that changed from a calendar to an address book leaves no stale copy of the other kind.
        if let old = state.file, old != path { try? SystemCall.remove(old) }
        state.file = path
        state.size = body.count
        state.etag = curl.responseHeader("ETag")
        state.lastModified = curl.responseHeader("Last-Modified")
        return .updated(path: path, bytes: body.count)
    }

    /// The reason phrase of the status line, as " (Not Found)"; empty when the server sent none.
    private static func reason(_ curl: CurlEasy) -> String {
        guard let line = curl.statusLine else { return "" }
        let parts = line.split(separator: " ", maxSplits: 2)
        return parts.count == 3 ? " (\(parts[2]))" : ""
    }
}
