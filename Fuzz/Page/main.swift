import Foundation
import FuzzHarness
import LibFuzzerDriver

/// Templates come from the environment `make fuzz` sets; every input reuses one scratch folder.
enum PageFuzzSetup {
    static let templates = URL(fileURLWithPath: ProcessInfo.processInfo.environment["GROUNDWORK_TEMPLATES"] ?? "templates")
    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gw-fuzz-page-\(getpid())")
}

// libFuzzer target (built only with GROUNDWORK_FUZZ=1 and -sanitize=fuzzer; see `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzHarness.page(fuzzBytes(data, size), templates: PageFuzzSetup.templates, scratch: PageFuzzSetup.scratch)
    return 0
}

runLibFuzzer(fuzzTestOneInput)
