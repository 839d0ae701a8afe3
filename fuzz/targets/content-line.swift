// libFuzzer target: the content-line reader (unfolding, names, parameters, values, encodings).
import KithFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContentLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    var log = DiagnosticLog(path: "fuzz")
    guard let source = SourceText.prepare(bytes, log: &log) else { return 0 }
    var reader = ContentLineReader(source)
    while let span = reader.nextSpan(log: &log) {
        // Every part a caller may ask for, so that each range is used.
        let line = reader.contentLine(span)
        _ = reader.text(span)
        _ = reader.parameter("CHARSET", of: span)
        _ = reader.hasParameter("TYPE", value: "PREF", in: span)
        _ = line.name
    }
    for entry in log.entries { precondition(entry.line >= 1 && entry.column >= 1, "\(entry)") }
    return 0
}
