extension Document {
    /// False when no footnote reference or definition can be in the tree, so that the
    /// footnote check can pass over the page without walking it (issue 21: most pages have
    /// no footnote, and walking every inline of a page whose tree is out of the cache was the
    /// check's whole cost).
    ///
    /// Both are written `[^label]`. The `^` is in the text the parser read (a backslash
    /// escape `\^` keeps it), or an entity made it (`&#94;`, `&Hat;`: then the text holds
    /// `&`). `mayHoldAttributes` is false only for a text holding none of `{`, `^` and `&`
    /// (`MarkdownParser.parse`), so it answers for footnotes too: no second scan of the
    /// bytes. `FootnoteHintTests` holds the two to each other.
    public var mayHoldFootnotes: Bool { mayHoldAttributes }
}
