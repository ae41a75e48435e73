// swift-tools-version: 6.0
import Foundation
import PackageDescription

let environment = ProcessInfo.processInfo.environment
// The allocator (issue 21): on Linux every binary links mimalloc (Debian libmimalloc-dev),
// which takes the place of glibc's malloc for the whole process. Measured on these machines
// (BENCHMARKS.md, "mimalloc"): the 50,000-page build 25 % faster, less resident memory, and
// a flatter 50,000/10,000 ratio, because glibc's arenas made the render threads free the
// parse threads' memory under a lock and hand pages back and forth with the kernel.
// Sanitizer and fuzzer builds keep glibc's malloc, which their runtimes intercept;
// GROUNDWORK_SYSTEM_MALLOC=1 does the same by hand (to compare the two).
let systemMalloc = ["GROUNDWORK_FUZZ", "GROUNDWORK_SANITIZE", "GROUNDWORK_SYSTEM_MALLOC"].contains { environment[$0] == "1" }

// Module graph (one way, no cycles):
//   CCmark (C) ← Markdown ← GroundworkModel ← ... stages ... ← GroundworkCore ← GroundworkCLI ← groundwork
//   (the stages are listed below; Templating is imported by GroundworkRender and GroundworkCore)
// Only `Markdown` imports libcmark, only `Templating` imports swift-mustache,
// only `GroundworkCLI` parses arguments and prints.
let package = Package(
    name: "Groundwork",
    platforms: [.macOS(.v15)],  // Synchronization (Mutex, Atomic)
    products: [
        .executable(name: "groundwork", targets: ["groundwork"]),
        .library(name: "GroundworkCore", targets: ["GroundworkCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "Markdown", dependencies: ["CCmark", "CSystem"]),
        // Raw HTML in Markdown: parsed by gumbo (HTML5), cut down to an allow-list, re-serialized.
        // The only importer of gumbo.
        .systemLibrary(
            name: "CGumbo",
            pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]
        ),
        .target(name: "HTMLSanitizer", dependencies: ["CGumbo"]),
        // One system call Foundation lacks (an atomic swap of two folders), the heap figures
        // of GROUNDWORK_PROFILE, and the allocator every binary links (see `systemMalloc`).
        .target(
            name: "CSystem",
            cSettings: systemMalloc ? [] : [.define("GW_MIMALLOC", .when(platforms: [.linux]))],
            linkerSettings: systemMalloc ? [] : [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // What the libFuzzer targets run; a library so crashes replay as regression tests.
        .target(name: "FuzzHarness", dependencies: ["GroundworkCore", "HTMLSanitizer", "Markdown", "Templating"]),
        .target(name: "Templating", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),
        // The pipeline, one target per stage. A stage imports only stages before it, so the
        // compiler rejects a back-edge; `ImportGraphTests` fails when a file imports a module
        // its target does not list here. The stages, in order (ARCHITECTURE.md):
        //   Support, Diagnostics → Model → Parse → Resolve → Check ─┐
        //                                            Resolve → Render ─┼→ Core (the pipeline)
        //                                              Model → Write ─┘
        // Utilities without a domain: parallel map, string fast paths, the HTML scanner, files.
        .target(name: "GroundworkSupport"),
        // Diagnostics, their codes and severities, "did you mean", environment errors.
        .target(name: "GroundworkDiagnostics"),
        // The values the stages pass on: pages, the site, its configuration, sources, files.
        .target(name: "GroundworkModel", dependencies: ["GroundworkDiagnostics", "Markdown"]),
        // Load and parse: reads the content folder, decodes, splits front matter, parses
        // Markdown, site.yaml and sources.yaml. The only importer of Yams and of TOMLKit (mdBook's book.toml).
        .target(name: "GroundworkParse", dependencies: [
            "GroundworkDiagnostics", "GroundworkModel", "GroundworkSupport", "Markdown", .product(name: "Yams", package: "Yams"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // URLs, titles, sections, heading ids, nav, editions; every link and citation resolved
        // and recorded (`LinkGraph`).
        .target(name: "GroundworkResolve", dependencies: [
            "GroundworkDiagnostics", "GroundworkModel", "GroundworkParse", "GroundworkSupport", "HTMLSanitizer", "Markdown",
        ]),
        // Every check, reading what Resolve recorded (and, for the output pass, rendered files).
        .target(name: "GroundworkCheck", dependencies: [
            "GroundworkDiagnostics", "GroundworkModel", "GroundworkResolve", "GroundworkSupport", "Markdown",
        ]),
        // The site's files in memory, through the templates.
        .target(name: "GroundworkRender", dependencies: [
            "GroundworkDiagnostics", "GroundworkModel", "GroundworkResolve", "GroundworkSupport", "HTMLSanitizer", "Markdown", "Templating",
        ]),
        // The atomic write of the output folder, and the search index built in it.
        .target(name: "GroundworkWrite", dependencies: ["GroundworkDiagnostics", "GroundworkModel", "GroundworkSupport", "CSystem"]),
        // The pipeline that runs the stages (check, build, the in-memory build of `serve`, the
        // cards PDF); it re-exports every stage, so its clients import only GroundworkCore.
        .target(name: "GroundworkCore", dependencies: [
            "GroundworkCheck", "GroundworkDiagnostics", "GroundworkModel", "GroundworkParse", "GroundworkRender",
            "GroundworkResolve", "GroundworkSupport", "GroundworkWrite", "Templating", "CSystem",
        ]),
        // `groundwork serve`: the live preview. The only importer of FlyingFox.
        .target(name: "GroundworkServe", dependencies: [
            "GroundworkCore", .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        // `groundwork lsp`: a Language Server Protocol server over stdio (JSON-RPC, own Codable types).
        .target(name: "GroundworkLSP", dependencies: ["GroundworkCore"]),
        .target(
            name: "GroundworkCLI",
            dependencies: ["GroundworkCore", "GroundworkLSP", "GroundworkServe", "CSystem", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "groundwork", dependencies: ["GroundworkCLI"]),
        // Golden-file assertions shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HTMLSanitizerTests", dependencies: ["HTMLSanitizer"]),
        .testTarget(name: "MarkdownTests", dependencies: ["CSystem", "Markdown", "TestSupport"], resources: [.copy("Fixtures")]),
        // Fixture sites are read from the source tree (#filePath), not bundled.
        .testTarget(name: "GroundworkCoreTests", dependencies: [
            "GroundworkCore", "GroundworkCheck", "GroundworkRender", "GroundworkSupport", "FuzzHarness", "HTMLSanitizer", "Markdown", "Templating", "TestSupport",
        ], exclude: ["Fixtures"]),
        // Groundwork's template parser and renderer against swift-mustache, the reference.
        .testTarget(name: "TemplatingTests", dependencies: ["Templating", "TestSupport"]),
        .testTarget(name: "GroundworkCLITests", dependencies: ["GroundworkCLI", "GroundworkCore", "GroundworkServe", "Templating", "TestSupport"]),
        .testTarget(name: "GroundworkLSPTests", dependencies: ["GroundworkLSP", "GroundworkCore"], exclude: ["Fixtures"]),
        .testTarget(name: "GroundworkServeTests", dependencies: ["GroundworkServe", "GroundworkCore"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets exist only for `make fuzz` (GROUNDWORK_FUZZ=1): they call libFuzzer's
// driver, which only a -sanitize=fuzzer build links.
if environment["GROUNDWORK_FUZZ"] == "1" {
    package.targets.append(.target(name: "LibFuzzerDriver", path: "Fuzz/LibFuzzerDriver"))
    for name in ["FrontMatter", "Inline", "Table", "Page", "HTML", "Admonition", "DefinitionList"] {
        package.targets.append(.executableTarget(
            name: "Fuzz\(name)", dependencies: ["FuzzHarness", "LibFuzzerDriver"], path: "Fuzz/\(name)"))
    }
}
