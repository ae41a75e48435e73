import GroundworkModel
import Markdown

/// Obsidian's ways of naming things, beyond `[[Page]]`: files by name (`![[diagram.png]]`,
/// `[[report.pdf]]`) and nested heading paths (`[[Page#Heading#Subheading]]`).
extension LinkResolver {
    /// The file a wiki link or embed names: by path from the content root, by path from the
    /// linking page's folder, else by file name anywhere, the nearest first (same folder, then
    /// the nearest parent folder, then the shortest path; equally near ones in path order).
    /// A missing media file (image, video, audio, PDF) is `assetMissing`; nil for another
    /// missing file type, so that `[[notes.v2]]` can still name a page.
    func resolveFile(_ link: WikiLink, from page: Page) -> LinkTarget? {
        var key = link.target.lowercased()
        while key.hasPrefix("/") { key.removeFirst() }
        let folder = SiteResolver.folderOf(page.relativePath).lowercased()
        if let real = site.assets[key] { return .asset(real, fragment: nil) }
        if !folder.isEmpty, let real = site.assets[folder + "/" + key] { return .asset(real, fragment: nil) }
        let matches = site.assets.keys.filter { $0 == key || $0.hasSuffix("/" + key) }.sorted()
        if let best = Self.nearestPath(matches, from: folder) { return .asset(site.assets[best]!, fragment: nil) }
        guard link.isEmbed || link.embedKind != .otherFile else { return nil }
        let hint = Self.closestPath(to: key, in: site.assets.values.sorted()).map { SiteResolver.fileName($0) }
        return .broken(.assetMissing,
                       message: "no file for \(link.isEmbed ? "embed" : "wiki link") '\(link.raw)'",
                       notes: hint.map { ["did you mean '\(link.isEmbed ? "!" : "")[[\($0)]]'?"] } ?? [])
    }

    /// The path (lower-cased content paths) nearest a folder, as `nearest` ranks pages.
    static func nearestPath(_ paths: [String], from folder: String) -> String? {
        guard paths.count > 1 else { return paths.first }
        let here = folder.split(separator: "/").map(String.init)
        func rank(_ path: String) -> (Int, Int) {
            let there = SiteResolver.folderOf(path).split(separator: "/").map(String.init)
            if there.count <= here.count, Array(here.prefix(there.count)) == there { return there.count == here.count ? (0, 0) : (1, here.count - there.count) }
            return (2, there.count + 1)
        }
        // `paths` is sorted, and `min` keeps the first of equals: deterministic.
        return paths.min { rank($0) < rank($1) }
    }

    /// `Heading#Subheading`: the heading named by the last part that sits under the heading
    /// named by the part before it (at any depth, as Obsidian allows), each part matched by
    /// text (white space and case aside) or id. The page's title heading, taken out of the
    /// body, may open the path.
    func resolveHeadingPath(_ path: String, onPage index: Int, from page: Page) -> LinkTarget {
        let target = site.pages[index]
        var parts = path.split(separator: "#").map { Self.looseHeadingText(String($0)) }.filter { !$0.isEmpty }
        if parts.count > 1, target.titleID != nil, parts[0] == Self.looseHeadingText(target.title) { parts.removeFirst() }
        let headings = target.headings
        func matches(_ heading: HeadingInfo, _ part: String) -> Bool {
            Self.looseHeadingText(heading.text) == part || heading.id.lowercased() == part
        }
        var scope = 0..<headings.count
        var parentLevel = 0
        var found: Int?
        for part in parts {
            guard let j = scope.first(where: { headings[$0].level > parentLevel && matches(headings[$0], part) }) else { found = nil; break }
            found = j
            parentLevel = headings[j].level
            let end = headings[(j + 1)...].firstIndex { $0.level <= parentLevel } ?? headings.count
            scope = (j + 1)..<end
        }
        if let found, !parts.isEmpty { return .page(index, fragment: headings[found].id) }
        // Did you mean: the path of a heading the last part names.
        var notes: [String] = []
        if let last = parts.last, let j = headings.firstIndex(where: { matches($0, last) }) {
            var chain = [headings[j].text]
            var level = headings[j].level
            for k in stride(from: j - 1, through: 0, by: -1) where headings[k].level < level {
                chain.insert(headings[k].text, at: 0)
                level = headings[k].level
            }
            notes = ["did you mean '#\(chain.joined(separator: "#"))'?"]
        }
        let place = index == page.index ? "this page" : target.relativePath
        return .broken(.anchorMissing, message: "no heading path '#\(path)' on \(place)", notes: notes)
    }
}
