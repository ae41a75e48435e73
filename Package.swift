// swift-tools-version: 6.0
import Foundation
import PackageDescription

// Module graph (one way, no cycles):
//   CCmark (C) ← Markdown ← GroundworkCore → Templating ← GroundworkCLI ← groundwork
// Only `Markdown` imports libcmark, only `Templating` imports swift-mustache,
// only `GroundworkCLI` parses arguments and prints.
let package = Package(
    name: "Groundwork",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "groundwork", targets: ["groundwork"]),
        .library(name: "GroundworkCore", targets: ["GroundworkCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "Markdown", dependencies: ["CCmark"]),
        // One system call Foundation lacks: an atomic swap of two folders.
        .target(name: "CSystem"),
        // What the libFuzzer targets run; a library so crashes replay as regression tests.
        .target(name: "FuzzHarness", dependencies: ["GroundworkCore", "Markdown"]),
        .target(name: "Templating", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),
        .target(
            name: "GroundworkCore",
            dependencies: ["Markdown", "Templating", "CSystem", .product(name: "Yams", package: "Yams")]
        ),
        // `groundwork serve`: the live preview. The only importer of FlyingFox.
        .target(name: "GroundworkServe", dependencies: ["GroundworkCore", .product(name: "FlyingFox", package: "FlyingFox")]),
        .target(
            name: "GroundworkCLI",
            dependencies: ["GroundworkCore", "GroundworkServe", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "groundwork", dependencies: ["GroundworkCLI"]),
        // Golden-file assertions shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"], resources: [.copy("Fixtures")]),
        // Fixture sites are read from the source tree (#filePath), not bundled.
        .testTarget(name: "GroundworkCoreTests", dependencies: ["GroundworkCore", "FuzzHarness", "TestSupport"], exclude: ["Fixtures"]),
        // Groundwork's template parser and renderer against swift-mustache, the reference.
        .testTarget(name: "TemplatingTests", dependencies: ["Templating", "TestSupport"]),
        .testTarget(name: "GroundworkCLITests", dependencies: ["GroundworkCLI", "GroundworkCore", "TestSupport"]),
        .testTarget(name: "GroundworkServeTests", dependencies: ["GroundworkServe", "GroundworkCore"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets exist only for `make fuzz` (GROUNDWORK_FUZZ=1): they call libFuzzer's
// driver, which only a -sanitize=fuzzer build links.
if ProcessInfo.processInfo.environment["GROUNDWORK_FUZZ"] == "1" {
    package.targets.append(.target(name: "LibFuzzerDriver", path: "Fuzz/LibFuzzerDriver"))
    for name in ["FrontMatter", "Inline", "Table", "Page"] {
        package.targets.append(.executableTarget(
            name: "Fuzz\(name)", dependencies: ["FuzzHarness", "LibFuzzerDriver"], path: "Fuzz/\(name)"))
    }
}
