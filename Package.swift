// swift-tools-version: 6.0
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
        .target(name: "Templating", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),
        .target(
            name: "GroundworkCore",
            dependencies: ["Markdown", "Templating", "CSystem", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "GroundworkCLI",
            dependencies: ["GroundworkCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "groundwork", dependencies: ["GroundworkCLI"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GroundworkCoreTests", dependencies: ["GroundworkCore"]),
        .testTarget(name: "GroundworkCLITests", dependencies: ["GroundworkCLI", "GroundworkCore"]),
    ],
    swiftLanguageModes: [.v6]
)
