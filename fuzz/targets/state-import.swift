// libFuzzer target: what `kith state import` accepts (the JSON reader and the document's checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStateImport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard case .success(let value) = JSONValue.parse(bytes) else { return 0 }
    switch StateExport.decode(value) {
    case .success(let document):
        for section in StateExport.Section.allCases { _ = document.count(section) }
    case .failure(let invalid):
        precondition(!invalid.shown.isEmpty && invalid.total >= invalid.shown.count)
    }
    return 0
}
