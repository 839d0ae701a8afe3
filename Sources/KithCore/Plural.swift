/// A count with its noun in English: "1 file", "2 files", "1 person", "3 people".
package enum Plural {
    /// `count` and `singular`, or `plural` (by default `singular` + "s") when the count is not one.
    package static func of(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
