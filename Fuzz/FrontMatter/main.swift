import FuzzHarness

/// libFuzzer entry point (built only with GROUNDWORK_FUZZ=1; see `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.frontMatter(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
