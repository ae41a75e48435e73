import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Templating

/// HTML escaping for text and attribute values.
public enum HTML {
    /// Escapes `& < > " '` so text is safe both in element content and in quoted attributes:
    /// `Templating.HTMLEscape`, the one escaper templates use too.
    public static func escape(_ text: String) -> String { HTMLEscape.escape(text) }

    /// Appends `text`, escaped, to `out`: no escaped temporary string.
    @inline(__always)
    public static func escape(_ text: String, into out: inout String) { HTMLEscape.escape(text, into: &out) }

    /// Appends `text`, escaped, to a page body being written.
    @inline(__always)
    static func escape(_ text: String, into out: inout HTMLBuffer) { out.appendEscaped(text) }
}
