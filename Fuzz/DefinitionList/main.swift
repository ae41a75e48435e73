import FuzzHarness
import LibFuzzerDriver

// libFuzzer target (built only with GROUNDWORK_FUZZ=1 and -sanitize=fuzzer; see `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzHarness.definitionList(fuzzBytes(data, size))
    return 0
}

runLibFuzzer(fuzzTestOneInput)
