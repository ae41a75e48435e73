import Foundation
import XCTest
@testable import GroundworkCore

/// `SiteWriter.cleanLeftovers` looks only at the names that carry the output's scratch prefix
/// (issue 21: it used to make and sort every name of the output's parent folder, 37.7 M
/// instructions beside a crowded /tmp). Everything else in the folder is left alone.
final class LeftoverCleaningTests: XCTestCase {
    func testOnlyPrefixedNamesAreTouchedAmongMany() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("gw-leftovers-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: parent) }
        let fm = FileManager.default
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let output = parent.appendingPathComponent("_site")
        // Names around the prefix `._site.groundwork-`: near misses must stay.
        let keep = ["_site.groundwork-tmp-1", "._site.groundwork", "._site2.groundwork-tmp-1", ".x._site.groundwork-tmp-1",
                    "._SITE.groundwork-tmp-1", "other"] + (0..<300).map { "file\($0)" }
        for name in keep { try fm.createDirectory(at: parent.appendingPathComponent(name), withIntermediateDirectories: false) }
        // A killed build's staging folder, and a fallback swap killed between its two renames
        // (the old site set aside, the output missing): the first goes, the second comes back.
        try fm.createDirectory(at: parent.appendingPathComponent("._site.groundwork-tmp-99-1/a"), withIntermediateDirectories: true)
        try fm.createDirectory(at: parent.appendingPathComponent("._site.groundwork-old-x"), withIntermediateDirectories: false)
        try Data("old".utf8).write(to: parent.appendingPathComponent("._site.groundwork-old-x/index.html"))

        SiteWriter.cleanLeftovers(besides: output)

        let left = Set(try fm.contentsOfDirectory(atPath: parent.path))
        XCTAssertEqual(left, Set(keep + ["_site"]))
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8), "old",
                       "the set-aside site is put back")
    }
}
