// libFuzzer target: a calendar file read and expanded, over a window around now and over the latest years.
import KithFormats

let database = TimeZoneDatabase()
let windows = [
    DateWindow(from: CivilDate(year: 2020, month: 1, day: 1), to: CivilDate(year: 2030, month: 1, day: 1)),
    DateWindow(from: CivilDate(year: 9990, month: 1, day: 1), to: CivilDate(year: 9999, month: 12, day: 31)),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzICalendar(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let document = Document.parse(bytes: bytes, path: "fuzz.ics", kind: .calendar)
    guard let calendar = document.calendar else { return 0 }
    for window in windows {
        var log = DiagnosticLog(path: "fuzz.ics")
        for occurrence in calendar.occurrences(in: window, database: database, log: &log) {
            _ = occurrence.start.sortKey
            _ = occurrence.end.sortKey
        }
    }
    return 0
}
