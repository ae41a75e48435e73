/// The way a tool turns a heading's text into its id, so that links written against the
/// tool's ids resolve (issue 17). The de-duplication differs too: GitHub appends `-1`,
/// Python-Markdown (MkDocs) `_1`.
public enum HeadingIDStyle: Sendable, Equatable {
    /// GitHub's: lower-cased, punctuation dropped, each space a `-`; duplicates `x-1`.
    case github
    /// Python-Markdown's `toc` default `slugify` (MkDocs' default): NFKD and non-ASCII dropped
    /// unless `unicode` (`slugify_unicode`), characters other than word characters, spaces and
    /// `-` dropped, lower-cased, every run of spaces and separators one separator; duplicates `x_1`.
    case pythonMarkdown(unicode: Bool, separator: String)
    /// `pymdownx.slugs.slugify` (`uslugify`, `uslugify_cased`, `gfm` ...): tags dropped,
    /// characters other than word characters, `-` and space dropped, the case changed as
    /// `case` says (`lower`, `none`, `lower-ascii`, `fold`), each space one separator, then
    /// percent-encoded when asked; duplicates `x_1` (the `toc` extension makes them unique).
    case pymdownx(case: String, separator: String, percentEncode: Bool)
}
