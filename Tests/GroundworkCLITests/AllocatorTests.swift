import Foundation
import XCTest

/// The allocator (issue 21): on Linux every binary links mimalloc, and its `malloc` must be the
/// process's, not only linked: if the link order put glibc first, the build would still work,
/// on glibc's malloc, and only the benchmark would show it. `GROUNDWORK_PROFILE=1` asks malloc
/// for a block and mimalloc whether the block is its own, and prints the answer.
final class AllocatorTests: XCTestCase {
    /// What the profile line must say: builds for a sanitizer, or with GROUNDWORK_SYSTEM_MALLOC=1,
    /// keep glibc's malloc (Package.swift reads the same variables when it is built).
    private var expected: String {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        let system = ["GROUNDWORK_SANITIZE", "GROUNDWORK_SYSTEM_MALLOC", "GROUNDWORK_FUZZ"].contains { environment[$0] == "1" }
        return system ? "profile: allocator system malloc" : "profile: allocator mimalloc"
        #else
        return "profile: allocator system malloc"
        #endif
    }

    /// The `groundwork` executable, run as a user runs it.
    func testTheBuiltBinaryAllocatesWithMimalloc() throws {
        let binary = try BinarySupport.requireBinary()
        let content = CLITestSupport.repository.appendingPathComponent("content").path
        let result = try BinarySupport.shell(
            "'\(binary.path)' check --content '\(content)'", in: CLITestSupport.repository,
            environment: ["GROUNDWORK_PROFILE": "1", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 0, result.output)
        let lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.hasPrefix("profile: allocator") }, [expected], result.output)
    }

    /// The test process links the same way, so the in-process CLI says the same; without
    /// GROUNDWORK_PROFILE it says nothing about the allocator.
    func testTheProfileNamesTheAllocatorOnlyWhenAsked() {
        let content = CLITestSupport.repository.appendingPathComponent("content").path
        let profiled = CLITestSupport.run(["check", "--content", content], environment: ["GROUNDWORK_PROFILE": "1"])
        XCTAssertEqual(profiled.status, 0, profiled.err)
        XCTAssertTrue(profiled.err.split(separator: "\n").contains { $0 == expected }, profiled.err)
        let quiet = CLITestSupport.run(["check", "--content", content])
        XCTAssertFalse(quiet.err.contains("allocator"), quiet.err)
    }
}
