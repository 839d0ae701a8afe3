internal import CCurl

/// Owns a `curl_slist`: made whole from Swift strings, freed once in `deinit`.
///
/// libcurl does not copy a list it is given: a handle that uses one keeps it alive (`CurlEasy.set(_:_:)` with a
/// list holds it until the handle goes).
package final class CurlStringList: @unchecked Sendable {
    let raw: UnsafeMutablePointer<curl_slist>?

    /// A list of the strings, in order. Throws `failedInit` when curl runs out of memory.
    package init(_ items: [String]) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for item in items {
            // curl_slist_append copies the string; on failure the list so far is still ours to free.
            guard let longer = curl_slist_append(list, item) else {
                curl_slist_free_all(list)
                throw CurlError(.failedInit, detail: "out of memory for a list")
            }
            list = longer
        }
        raw = list
    }

    deinit { curl_slist_free_all(raw) }

    /// The strings, read back from the list as curl sees it.
    package var items: [String] {
        var items: [String] = []
        var node = raw
        while let current = node {
            if let data = current.pointee.data { items.append(String(cString: data)) }
            node = current.pointee.next
        }
        return items
    }
}
