import Foundation
import FuzzHarness
import LibFuzzerDriver

/// Templates come from the environment `make fuzz` sets; they are compiled once, at start.
enum PageFuzzSetup {
    static let fuzzer: PageFuzzer = {
        let templates = URL(fileURLWithPath: ProcessInfo.processInfo.environment["GROUNDWORK_TEMPLATES"] ?? "templates")
        do { return try PageFuzzer(templates: templates, oneThread: true) } catch { fatalError("cannot load the templates at \(templates.path): \(error)") }
    }()
}

// libFuzzer target (built only with GROUNDWORK_FUZZ=1 and -sanitize=fuzzer; see `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzHarness.page(fuzzBytes(data, size), with: PageFuzzSetup.fuzzer)
    return 0
}

runLibFuzzer(fuzzTestOneInput)
