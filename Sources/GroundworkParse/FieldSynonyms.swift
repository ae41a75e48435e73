/// Front-matter field names other tools use for Groundwork's fields. Spelling distance
/// cannot find these (`description` is nothing like `summary`), and a writer moving pages
/// from MkDocs, Docusaurus, Hugo or Jekyll types them from habit.
enum FieldSynonyms {
    /// Other tools' name → Groundwork's field.
    static let table: [String: String] = [
        // summary: MkDocs, Docusaurus, Hugo, Jekyll
        "description": "summary", "excerpt": "summary", "abstract": "summary", "subtitle": "summary",
        // tags
        "keywords": "tags", "categories": "tags", "category": "tags", "tag": "tags", "labels": "tags",
        // review_by: the date someone must look at the page again
        "date": "review_by", "reviewed": "review_by", "last_reviewed": "review_by", "review_date": "review_by",
        "review": "review_by", "expires": "review_by", "expiry": "review_by", "updated": "review_by",
        "lastmod": "review_by", "last_update": "review_by", "next_review": "review_by",
        // owner
        "author": "owner", "authors": "owner", "maintainer": "owner", "maintainers": "owner", "owners": "owner",
        // order
        "weight": "order", "sidebar_position": "order", "nav_order": "order", "position": "order",
        // aliases
        "alias": "aliases", "redirect_from": "aliases", "redirects": "aliases",
        // also_known_as
        "synonyms": "also_known_as", "aka": "also_known_as",
        // audience, draft, title
        "audiences": "audience", "visibility": "audience", "published": "draft", "unlisted": "draft",
        "name": "title", "sidebar_label": "title", "heading": "title",
    ]

    /// Groundwork's field for another tool's name, or nil.
    static func suggestion(for key: String) -> String? {
        table[key.lowercased().replacingOccurrences(of: "-", with: "_")]
    }
}
