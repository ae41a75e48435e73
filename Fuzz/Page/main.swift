import Foundation
import FuzzHarness

/// Templates and a scratch folder come from the environment `make fuzz` sets.
nonisolated(unsafe) let templates = URL(fileURLWithPath: ProcessInfo.processInfo.environment["GROUNDWORK_TEMPLATES"] ?? "templates")
nonisolated(unsafe) let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gw-fuzz-page-\(getpid())")

/// libFuzzer entry point (built only with GROUNDWORK_FUZZ=1; see `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.page(Array(UnsafeBufferPointer(start: data, count: size)), templates: templates, scratch: scratch)
    return 0
}
