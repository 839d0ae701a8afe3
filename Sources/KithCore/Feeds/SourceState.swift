/// What Kith knows of one source's fetches: what to send for a conditional request, the copy kept, and how
/// the last attempts went. Kept in the state (`kith state export` carries it).
package struct SourceState: Sendable, Hashable {
    package var name: String
    /// The address the state is about: the validators and the copy belong to it, and go when it changes.
    package var url: String?
    /// The validators of the copy kept (ETag, Last-Modified), sent back as If-None-Match / If-Modified-Since.
    package var etag: String?
    package var lastModified: String?
    /// When a fetch last gave a good copy or confirmed it (304).
    package var lastSuccess: Int?
    package var lastAttempt: Int?
    /// Why the last attempt failed; nil when it succeeded.
    package var lastError: String?
    /// When the current run of failures began, and how long it is.
    package var failingSince: Int?
    package var failures = 0
    /// The copy kept: its file and size.
    package var file: String?
    package var size: Int?
    /// When the next fetch is due.
    package var nextFetch: Int?

    package init(name: String) { self.name = name }

    /// The state after the source's address changed: the copy is kept until the new address gives one, but
    /// the old address's validators, errors and back-off go, and it is due at once.
    package func readdressed(now: Int) -> SourceState {
        var fresh = self
        fresh.etag = nil
        fresh.lastModified = nil
        fresh.lastError = nil
        fresh.failingSince = nil
        fresh.failures = 0
        fresh.nextFetch = now
        return fresh
    }

    /// Whether the source has failed for longer than `duration` seconds: the digest's footer then says so.
    package func hasFailed(longerThan duration: Int, at now: Int) -> Bool {
        guard let since = failingSince else { return false }
        return now - since > duration
    }
}
