import KithFormats

extension Digest {
    /// `{"slot": …, "nudges": [{"kind", "name", "emails", "due", "reason", "sources": [{"file", "line", "uid",
    /// "start"}]}], "stats": {…}}`.
    package var json: String {
        let nudgeValues: [JSONValue] = nudges.map { nudge in
            .object([
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
        let stats = statistics
        return JSONValue.object([
            ("slot", .string(slot)),
            ("subject", .string(subject)),
            ("nudges", .array(nudgeValues)),
            (
                "stats",
                .object([
                    ("met_this_week", .int(stats.metThisWeek)), ("weekly_goal", .int(stats.weeklyGoal)),
                    ("weekly_counts", .array(stats.weeklyCounts.map(JSONValue.int))), ("people", .int(stats.people)),
                    ("overdue", .int(stats.overdue)), ("met_this_month", .int(stats.metThisMonth)),
                ])
            ),
            ("unreadable", .array(unreadable.map { .string($0.description) })),
        ]).serialized
    }
}
