/// What an inbox file is: the one rule for which names in a folder Kith reads, used by `kith inspect` and
/// `kith run`'s listing, by the daemon's watcher, and by `Document.kind` to tell the format by the name.
///
/// By extension, in any case (`Contacts.VCF` is a vCard file):
/// - `.ics` (RFC 5545 §8.1, text/calendar) and `.ical` (what older Apple iCal exports are named): iCalendar,
///   read by `ICalendar.parse`.
/// - `.vcf` (RFC 6350 §10.1, text/vcard) and `.vcard`: vCard 2.1, 3.0 and 4.0, read by `VCardReader`.
/// - `.ifb` is out: an iCalendar free/busy file (RFC 5545 §3.6.4) holds VFREEBUSY only, which the parser reads
///   and skips, so it has no meeting to count and would only cost a parse each time a server publishes it.
/// - `.vcs` is out: vCalendar 1.0, the format before iCalendar, is not what the parser reads: its `RRULE`
///   grammar (`W1 MO #10`), its `ATTENDEE` values (`Name <address>`, no `mailto:`) and its `TZ` offsets are
///   misread (the repeats counted once, the attendees matched to nobody, the times taken as floating), so
///   reading such files by default would count meetings wrongly.
///
/// A file named on the command line is read whatever its name: `Document.kind` then tells the format by the
/// first BEGIN, so `kith inspect old.vcs` still shows what can be made of it.
///
/// Hidden names are never inbox files (`.tmp-…` of Kith's own atomic writes, sync tools' and editors' dot
/// files), nor are Emacs's `#…` files; other leftovers (`a.ics~`, `a.ics.tmp`, `a.ics.swp`) end otherwise.
package enum InboxFile {
    /// The format a file name says, by its extension in any case; nil for every other name.
    package static func kind(ofName name: String) -> Document.Kind? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "ics", "ical": return .calendar
        case "vcf", "vcard": return .contacts
        default: return nil
        }
    }

    /// Whether a folder entry with this name is read: not hidden, not an Emacs file, and one of the
    /// extensions above.
    package static func isInboxName(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasPrefix("#") && kind(ofName: name) != nil
    }
}
