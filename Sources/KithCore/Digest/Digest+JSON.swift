import KithFormats

extension Digest {
    /// `{"slot", "week": {"start", "end"}, "subject", "nudges": [{"item", "kind", "name", "emails", "due", "reason",
    /// "context", "sources": [{"file", "line", "uid", "start"}]}], "stats": {…}, "unreadable"}`: one `nudges` entry
    /// per nudge, each with the number of the item it is shown in.
    package var json: String {
        let nudgeValues: [JSONValue] = items.flatMap { item in
            item.nudges.map { nudge in
                .object([
                    ("item", .int(item.number)),
                    ("kind", .string(nudge.kind.rawValue)),
                    ("name", .string(nudge.name)),
                    ("emails", .array(nudge.emails.map(JSONValue.string))),
                    ("due", .string(nudge.due.description)),
                    ("reason", .string(nudge.reason)),
                    ("context", .array(nudge.context.map(JSONValue.string))),
                    (
                        "sources",
                        .array(
                            nudge.sources.map { source in
                                .object([
                                    ("file", .string(source.file)), ("line", .int(source.line)),
                                    ("uid", source.uid.map(JSONValue.string) ?? .null),
                                    ("start", source.start.map(JSONValue.string) ?? .null),
                                ])
                            }
                        )
                    ),
                ])
            }
        }
        let stats = statistics
        return JSONValue.object([
            ("slot", .string(slot)),
            ("week", .object([("start", .string(weekStart.description)), ("end", .string(weekEnd.description))])),
            ("subject", .string(subject)),
            ("nudges", .array(nudgeValues)),
            (
                "stats",
                .object([
                    ("last_week", .string(stats.lastWeek.description)),
                    ("met_last_week", .int(stats.metLastWeek)), ("weekly_goal", .int(stats.weeklyGoal)),
                    ("met_this_week", .int(stats.metThisWeek)), ("booked_this_week", .int(stats.bookedThisWeek)),
                    ("week_starts", .array(stats.weekStarts.map { .string($0.description) })),
                    ("weekly_counts", .array(stats.weeklyCounts.map(JSONValue.int))), ("people", .int(stats.people)),
                    ("overdue", .int(stats.overdue)),
                ])
            ),
            ("unreadable", .array(unreadable.map { .string($0.description) })),
        ]).serialized
    }
}
