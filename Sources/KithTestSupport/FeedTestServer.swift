import Foundation

/// scripts/feed-test-server.py on 127.0.0.1: one path per fault (404, 500, a redirect loop, a slow or
/// truncated body, HTML, a body over the limit, gzip, ETag and 304), over HTTP or HTTPS. Killed with the value.
package final class FeedTestServer {
    /// Every request, one JSON line each: `{"path": …, "headers": {…}}` (header names lower-cased).
    package let log: URL
    private let server: ScriptedServer

    /// Starts it; `tls` makes it HTTPS with that certificate and key; `user` ("USER:PASS") guards /private.ics.
    package init(folder: URL, tls: (cert: String, key: String)? = nil, user: String? = nil) throws {
        log = folder.appendingPathComponent("requests-\(UUID().uuidString).jsonl")
        var arguments = ["--log", log.path]
        if let tls { arguments += ["--tls", tls.cert, tls.key] }
        if let user { arguments += ["--user", user] }
        server = try ScriptedServer(script: "feed-test-server.py", arguments)
    }

    package var port: Int { server.port }

    /// `http://127.0.0.1:PORT/path` (or https).
    package func url(_ path: String, secure: Bool = false) -> String {
        "\(secure ? "https" : "http")://127.0.0.1:\(port)\(path)"
    }

    /// The headers of each request made so far, in order, with their path.
    package var requests: [(path: String, headers: [String: String])] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let path = object["path"] as? String, let headers = object["headers"] as? [String: String]
            else { return nil }
            return (path, headers)
        }
    }
}
