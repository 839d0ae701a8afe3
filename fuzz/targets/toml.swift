// libFuzzer target: the config reader (Kith's TOML subset).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTOML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    switch TOMLParser.parse(bytes) {
    case .success(let table): _ = table.keys.count
    case .failure(let error): precondition(error.position.line >= 1 && error.position.column >= 1)
    }
    return 0
}
