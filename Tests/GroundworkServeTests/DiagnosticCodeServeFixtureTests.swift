import Foundation
import GroundworkCore
@testable import GroundworkServe
import XCTest

/// The fixtures of the diagnostic codes only a running `groundwork serve` emits (examples with
/// `run == .serve`); GroundworkCoreTests' `DiagnosticCodeTableTests` runs every other example.
final class DiagnosticCodeServeFixtureTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testServeExamplesProduceTheirDiagnostic() throws {
        let codes = DiagnosticCode.all.filter { $0.example.run == .serve }
        XCTAssertFalse(codes.isEmpty)
        for code in codes {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("gw-serve-code-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            for file in code.example.files {
                let url = root.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            let options = Options(content: root.appendingPathComponent("content"), contentDisplay: "content",
                                  templates: Self.repository.appendingPathComponent("templates"),
                                  output: root.appendingPathComponent("_site"), today: Day(DiagnosticCode.Example.today)!)
            let server = PreviewServer(configuration: .init(options: options, host: "127.0.0.1", port: 0, polling: true))
            _ = try blocking { try await server.start() }
            // The example's `setup`, done for real.
            switch code {
            case .environment:
                try FileManager.default.removeItem(at: root.appendingPathComponent("content"))
                server.rebuild(WatchBatch(contentPaths: nil, templates: false))
            default:
                XCTFail("\(code.id) has a serve example but no fixture here")
            }
            let status = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(server.statusJSON().utf8)) as? [String: Any])
            let printed = (status["errors"] as? [[String: Any]] ?? []).map { e in
                "\(e["file"] ?? ""):\(e["line"] ?? ""):\(e["column"] ?? ""): \(e["severity"] ?? ""): \(e["message"] ?? "") [\(e["code"] ?? "")]"
            }
            try blocking { await server.stop() }
            XCTAssertTrue(printed.contains(code.example.produces),
                          "the example of \(code.id) must produce\n  \(code.example.produces)\nbut produced \(printed)")
        }
    }
}
