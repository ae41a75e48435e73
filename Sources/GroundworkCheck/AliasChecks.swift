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
            // Every finding is about an alias: a site without any has none. (Working out the
            // URLs every page, folder and file takes, to compare aliases with, was ~20 ms on
            // one core at 10,000 pages.) By index: iterating the pages would copy each.
            let pages = context.site.pages
            guard pages.indices.contains(where: { !pages[$0].frontMatter.aliases.isEmpty }) else { return [] }
            var bag = DiagnosticBag()
            _ = Redirects.collect(site: context.site, diagnostics: &bag)
            return bag.items
        }
    }
}
