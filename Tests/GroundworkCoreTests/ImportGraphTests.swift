import Foundation
import TestSupport
import XCTest

/// The stages import one way (Package.swift, ARCHITECTURE.md). The compiler rejects an import
/// of a module that was not built before the importing one, but SwiftPM lets a target import
/// any module it happens to reach through its dependencies: these tests hold every file to
/// what its target declares, and the declared stage graph to the stage order.
final class ImportGraphTests: XCTestCase {
    /// The package root (this file is Tests/GroundworkCoreTests/ImportGraphTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The pipeline's stage targets in order: each may depend only on the ones before it.
    static let stageOrder = [
        "GroundworkSupport", "GroundworkDiagnostics", "GroundworkModel", "GroundworkParse", "GroundworkResolve",
        "GroundworkCheck", "GroundworkRender", "GroundworkWrite", "GroundworkCore",
    ]

    func testEveryImportIsADeclaredDependency() throws {
        let targets = try Self.targets(manifest: try Self.dumpPackage())
        XCTAssertTrue(targets.contains { $0.name == "GroundworkResolve" }, "the manifest lists the stage targets")
        let problems = ImportGraph.undeclaredImports(targets: targets, root: Self.root)
        XCTAssertEqual(problems, [], "imports of modules the target does not declare in Package.swift:\n" + problems.joined(separator: "\n"))
    }

    func testStagesDependOnlyOnEarlierStages() throws {
        let targets = try Self.targets(manifest: try Self.dumpPackage())
        let problems = ImportGraph.backEdges(targets: targets, order: Self.stageOrder)
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
        for stage in Self.stageOrder {
            XCTAssertTrue(targets.contains { $0.name == stage }, "Package.swift has no target \(stage)")
        }
    }

    /// A stage lists only what it imports, so the declared graph is the real one.
    func testStagesDeclareNoDependencyTheyDoNotImport() throws {
        let targets = try Self.targets(manifest: try Self.dumpPackage()).filter { Self.stageOrder.contains($0.name) }
        let problems = ImportGraph.unusedDependencies(targets: targets, root: Self.root)
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }

    /// ARCHITECTURE.md's table of targets is the manifest's graph, so the map cannot drift.
    func testArchitectureTableMatchesPackage() throws {
        let targets = try Self.targets(manifest: try Self.dumpPackage())
        var declared: [String: [String]] = [:]
        for target in targets where target.name.hasPrefix("Groundwork") && !target.path.hasPrefix("Tests/") {
            declared[target.name] = target.dependencies.sorted()
        }
        let text = try String(contentsOf: Self.root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        var documented: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| Groundwork") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            documented[cells[0]] = cells[1] == "—" ? [] : cells[1].components(separatedBy: ", ").sorted()
        }
        XCTAssertEqual(documented.count, declared.count, "ARCHITECTURE.md lists \(documented.keys.sorted()); Package.swift has \(declared.keys.sorted())")
        for (name, dependencies) in declared.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(documented[name], dependencies, "ARCHITECTURE.md's row for \(name) differs from Package.swift")
        }
    }

    /// The checks themselves find what they are meant to find (on a made-up package).
    func testAnUndeclaredImportAndABackEdgeAreFound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-graph-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stage = folder.appendingPathComponent("Sources/Low")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        try Data("import Foundation\n@testable import High\nimport struct Model.Page\n// import Commented\n".utf8)
            .write(to: stage.appendingPathComponent("A.swift"))
        let targets = [
            ImportGraph.Target(name: "Low", path: "Sources/Low", dependencies: ["Model"]),
            ImportGraph.Target(name: "High", path: "Sources/High", dependencies: ["Low"]),
            ImportGraph.Target(name: "Model", path: "Sources/Model", dependencies: ["High"]),
        ]
        XCTAssertEqual(ImportGraph.undeclaredImports(targets: targets, root: folder), ["Sources/Low/A.swift:2: imports High, which target Low does not declare"])
        XCTAssertEqual(ImportGraph.backEdges(targets: targets, order: ["Model", "Low", "High"]),
                       ["Model depends on High, a later stage"])
        XCTAssertEqual(ImportGraph.unusedDependencies(targets: targets, root: folder),
                       ["High declares Low but never imports it", "Model declares High but never imports it"])
    }

    // MARK: The manifest

    /// `swift package dump-package`: Package.swift as JSON, as SwiftPM reads it.
    static func dumpPackage() throws -> Data {
        guard let swift = executableOnPath("swift") else { try missing("swift (the toolchain)") }
        // A scratch folder of its own: the `.build` folder is locked by the `swift test` running this.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("groundwork-dump-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try output(of: swift, ["package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package"])
    }

    /// The targets of a dumped manifest with the modules each declares it depends on.
    static func targets(manifest: Data) throws -> [ImportGraph.Target] {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        let targets = try XCTUnwrap(json["targets"] as? [[String: Any]])
        return targets.map { target in
            let name = target["name"] as? String ?? ""
            let type = target["type"] as? String ?? "regular"
            let path = target["path"] as? String ?? ((type == "test" ? "Tests/" : "Sources/") + name)
            // `byName`, `target` and `product` entries all start with the module's name (a
            // product of another package is named like its module here: Yams, Mustache, ...).
            let dependencies = (target["dependencies"] as? [[String: Any]] ?? []).compactMap { entry in
                entry.values.compactMap { ($0 as? [Any])?.first as? String }.first
            }
            return ImportGraph.Target(name: name, path: path, dependencies: dependencies)
        }
    }
}

/// Reads import lines and compares them with a target list.
enum ImportGraph {
    struct Target {
        var name: String
        /// The target's folder relative to the package root.
        var path: String
        var dependencies: [String]
    }

    /// Modules of the toolchain and the system, which need no declaration.
    static let system: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Darwin", "Dispatch", "Synchronization",
        "XCTest", "Testing", "os", "_Concurrency",
    ]

    /// `file:line: imports X, which target T does not declare`, for every import of a module
    /// neither a declared dependency nor the system's.
    static func undeclaredImports(targets: [Target], root: URL) -> [String] {
        var problems: [String] = []
        for target in targets {
            let allowed = Set(target.dependencies).union(system).union([target.name])
            let folder = root.appendingPathComponent(target.path)
            guard let files = FileManager.default.subpaths(atPath: folder.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".swift") {
                guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    guard let module = importedModule(String(line)), !allowed.contains(module) else { continue }
                    problems.append("\(target.path)/\(file):\(number + 1): imports \(module), which target \(target.name) does not declare")
                }
            }
        }
        return problems
    }

    /// The module an `import` line names (`@testable import X`, `import struct X.Y`), or nil.
    static func importedModule(_ line: String) -> String? {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        while let first = words.first, first.hasPrefix("@") { words = words.dropFirst() }
        guard words.first == "import", words.count >= 2 else { return nil }
        words = words.dropFirst()
        let kinds: Set<Substring> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
        if let kind = words.first, kinds.contains(kind) { words = words.dropFirst() }
        guard let path = words.first else { return nil }
        return path.split(separator: ".").first.map(String.init)
    }

    /// `T declares X but never imports it`, for every declared dependency no file of the target imports.
    static func unusedDependencies(targets: [Target], root: URL) -> [String] {
        var problems: [String] = []
        for target in targets {
            var imported: Set<String> = []
            let folder = root.appendingPathComponent(target.path)
            for file in (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted() where file.hasSuffix(".swift") {
                guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
                for line in text.split(separator: "\n") { if let module = importedModule(String(line)) { imported.insert(module) } }
            }
            for dependency in target.dependencies where !imported.contains(dependency) {
                problems.append("\(target.name) declares \(dependency) but never imports it")
            }
        }
        return problems
    }

    /// `A depends on B, a later stage` for every dependency between stages against `order`.
    static func backEdges(targets: [Target], order: [String]) -> [String] {
        var problems: [String] = []
        for target in targets {
            guard let position = order.firstIndex(of: target.name) else { continue }
            for dependency in target.dependencies {
                if let other = order.firstIndex(of: dependency), other >= position {
                    problems.append("\(target.name) depends on \(dependency), a later stage")
                }
            }
        }
        return problems
    }
}
