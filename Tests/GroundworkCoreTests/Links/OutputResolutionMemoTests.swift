import Foundation
import XCTest
@testable import GroundworkCheck
import TestSupport

/// Issue 21: the output check answers a reference once per `scope`, not once per file. That
/// is right only if every two files that give a reference the same scope resolve it alike.
final class OutputResolutionMemoTests: XCTestCase {
    /// Generated references and files (seeded): whenever two files give a value the same
    /// scope, `resolve` gives them the same answer; and the scope is decided for most of
    /// what pages hold (`../x/`, schemes, site-absolute paths).
    func testFilesWithTheSameScopeResolveAlike() {
        let pieces = ["../", "../", "..", "./", ".", "a", "b/", "s1/", "p2/", "#", "#x", "/", "//", "%20", "?q", ":", " ", "é",
                      "https://x.org/kb/", "mailto:", "pagefind/", "index.html", "\u{301}", "\t"]
        let folders = ["", "a", "b", "s1", "p2", "a b", "é", "pagefind", ".."]
        var generator = SplitMix64(seed: 2101)
        func pick<T>(_ list: [T]) -> T { list[Int(generator.next() % UInt64(list.count))] }
        var decided = 0, shared = 0
        for base in ["", "https://x.org/kb/", "/kb/"] {
            var answers: [OutputLinkCheck.ProblemMemo.Key: (OutputLinkCheck.Resolution, String)] = [:]
            for _ in 0..<20_000 {
                var value = ""
                for _ in 0..<(1 + generator.next() % 5) { value += pick(pieces) }
                var from = ""
                for _ in 0..<(generator.next() % 4) { from += pick(folders) + "/" }
                from += pick(["index.html", "x.html"])
                let resolution = OutputLinkCheck.resolve(value, from: from, baseURL: base, ignoredPrefixes: ["pagefind/"])
                guard let scope = OutputLinkCheck.scope(of: value, from: from, baseURL: base) else { continue }
                decided += 1
                let key = OutputLinkCheck.ProblemMemo.Key(scope: scope, value: value)
                if let (earlier, earlierFrom) = answers[key] {
                    shared += 1
                    XCTAssertEqual(resolution, earlier, "\(value.debugDescription) from \(from) and \(earlierFrom), base \(base), scope \(scope.debugDescription)")
                } else {
                    answers[key] = (resolution, from)
                }
            }
        }
        XCTAssertGreaterThan(decided, 4_000)
        XCTAssertGreaterThan(shared, 2_000)
    }

    /// The check's answers through the memo are the answers of `problem` itself, for files
    /// in different groups that share a scope (the nav's `../../x/` from two sections).
    func testMemoizedProblemIsProblem() {
        let existing: Set<String> = ["index.html", "s1/index.html", "s1/p1/index.html", "s2/p1/index.html", "g/index.html"]
        let settings = OutputLinkCheck.Settings(outputDisplay: "_site")
        let context = OutputLinkCheck.Context(existing: existing, folders: .init(existing), idsByPath: ["g/index.html": ["t"]],
                                              baseURL: "", settings: settings)
        for value in ["../../g/", "../../g/#t", "../../g/#u", "../../gone/", "../../../x/", "../p1/", "/abs/", "https://x.org/"] {
            for from in ["s1/p1/index.html", "s2/p1/index.html", "s1/index.html", "index.html"] {
                let memo = context.memoizedProblem(value, from: from)
                let direct = context.problem(value, from: from)
                XCTAssertEqual(memo?.message, direct?.message, "\(value) from \(from)")
                XCTAssertEqual(memo?.notes, direct?.notes, "\(value) from \(from)")
            }
        }
    }
}
