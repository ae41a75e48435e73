import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve

/// `aliases`: old URLs that cannot be written (`page.alias-invalid`), or that collide with a
/// page, a generated page, a file or another alias (`page.alias-collision`). Redirects.swift.
enum AliasChecks {
    static let collisions: Check = { context in
        var bag = DiagnosticBag()
        _ = Redirects.collect(site: context.site, diagnostics: &bag)
        return bag.items
    }
}
