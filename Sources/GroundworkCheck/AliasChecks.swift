import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve

/// `aliases`: old URLs that cannot be written (`page.alias-invalid`), or that collide with a
/// page, a generated page, a file or another alias (`page.alias-collision`). The rules live in
/// Redirects.swift (Resolve), which the renderer also uses to decide which redirects to write.
enum AliasChecks {
    struct Collisions: Check {
        var name: String { "aliases" }
        var codes: [DiagnosticCode] { [.pageAliasInvalid, .pageAliasCollision] }
        func run(_ context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            _ = Redirects.collect(site: context.site, diagnostics: &bag)
            return bag.items
        }
    }
}
