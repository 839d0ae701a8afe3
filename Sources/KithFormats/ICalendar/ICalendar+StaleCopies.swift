extension ICalendar {
    /// The events of each file that are stale copies of an event another file holds in a newer version, as
    /// sync tools leave them in a vdir (an item moved between calendars, a copy kept after a rename).
    ///
    /// The rule is the one within a file (`OccurrenceExpander.currentCopies`), per UID across files: each
    /// file's version of a UID is its current master (no RECURRENCE-ID); two files hold copies of one event
    /// when their versions are copies (same organizer, and recurring, starting alike or with the same SUMMARY);
    /// of copies the highest SEQUENCE wins, then the latest LAST-MODIFIED (else DTSTAMP), then the file that
    /// comes first. Every event of that UID in a losing file (master and overrides) is then left out.
    ///
    /// - Parameter files: each file's path (for the diagnostics) and calendar, in a stable order.
    /// - Returns: for each file, the indices of its events to pass to `occurrences(in:…, ignoring:)`, and a
    ///   warning for each copy left out, on its BEGIN:VEVENT line.
    package static func staleCopies(
        across files: [(path: String, calendar: ICalendar)]
    ) -> (ignored: [Set<Int>], diagnostics: [Diagnostic]) {
        var ignored = [Set<Int>](repeating: [], count: files.count)
        var diagnostics: [Diagnostic] = []
        var losing = [Set<String>](repeating: [], count: files.count)
        // Each file's newest master per UID.
        var versions: [String: [(file: Int, event: Int)]] = [:]
        for (file, entry) in files.enumerated() {
            var newest: [String: Int] = [:]
            for (index, event) in entry.calendar.events.enumerated() where event.recurrenceID == nil {
                guard let uid = event.uid else { continue }
                if let other = newest[uid], Self.revision(entry.calendar.events[other]) > Self.revision(event) {
                    continue
                }
                newest[uid] = index
            }
            for (uid, index) in newest { versions[uid, default: []].append((file, index)) }
        }
        for (uid, held) in versions where held.count > 1 {
            var kept: [(file: Int, event: Int)] = []
            for version in held.sorted(by: { $0.file < $1.file }) {
                let event = files[version.file].calendar.events[version.event]
                guard
                    let place = kept.firstIndex(where: {
                        OccurrenceExpander.areCopies(files[$0.file].calendar.events[$0.event], event)
                    })
                else {
                    kept.append(version)
                    continue
                }
                let other = kept[place]
                let otherEvent = files[other.file].calendar.events[other.event]
                // Ties go to the file that comes first: identical copies count once, from a stable place.
                let newer = Self.revision(event) > Self.revision(otherEvent) ? version : other
                let older = newer == version ? other : version
                kept[place] = newer
                losing[older.file].insert(uid)
                let newerEvent = files[newer.file].calendar.events[newer.event]
                let olderEvent = files[older.file].calendar.events[older.event]
                diagnostics.append(
                    Diagnostic(
                        .warning,
                        .staleCopy,
                        "VEVENT \"\(uid)\" is also in \(files[newer.file].path) (line \(newerEvent.line), SEQUENCE "
                            + "\(newerEvent.sequence)), a newer version of this copy (SEQUENCE "
                            + "\(olderEvent.sequence)); this copy is ignored",
                        path: files[older.file].path,
                        line: olderEvent.line
                    )
                )
            }
        }
        for (file, uids) in losing.enumerated() where !uids.isEmpty {
            for (index, event) in files[file].calendar.events.enumerated() {
                if let uid = event.uid, uids.contains(uid) { ignored[file].insert(index) }
            }
        }
        diagnostics.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        return (ignored, diagnostics)
    }

    /// SEQUENCE, then LAST-MODIFIED (else DTSTAMP): which of two copies of one event is the newer.
    static func revision(_ event: Event) -> (Int, Int) { (event.sequence, event.modified ?? .min) }
}
