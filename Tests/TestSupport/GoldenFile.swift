import Foundation
import XCTest

/// Compares text with a golden file. With `GROUNDWORK_UPDATE_GOLDEN=1` (or when the golden
/// file is missing) it records the new text and FAILS, so every new baseline is reviewed.
public func assertGolden(_ actual: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = URL(fileURLWithPath: path)
    let update = ProcessInfo.processInfo.environment["GROUNDWORK_UPDATE_GOLDEN"] == "1"
    let expected = try? String(contentsOf: url, encoding: .utf8)
    if update || expected == nil {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        XCTFail("recorded golden file \(path); review it and run again", file: file, line: line)
        return
    }
    if actual != expected {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected!.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        XCTFail("""
            output differs from \(path) at line \(first + 1):
              expected: \(first < e.count ? String(e[first]) : "<end>")
              actual:   \(first < a.count ? String(a[first]) : "<end>")
            (set GROUNDWORK_UPDATE_GOLDEN=1 to re-record)
            """, file: file, line: line)
    }
}
