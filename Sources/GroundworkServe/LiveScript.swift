import Foundation

/// The script the preview adds to every HTML page it serves, and how it is added.
enum LiveScript {
    /// Where the preview's own endpoints live; no content path can start with `__`.
    static let prefix = "__groundwork/"
    static let scriptPath = prefix + "live.js"
    static let eventsPath = prefix + "events"
    static let statusPath = prefix + "status"

    /// The tag added before `</body>`: the page's generation lets the script notice a rebuild
    /// it missed while disconnected.
    static func tag(generation: Int) -> String {
        "<script src=\"/\(scriptPath)\" data-generation=\"\(generation)\" defer></script>"
    }

    /// Inserts the tag before the last `</body>` (or at the end when there is none).
    static func inject(into html: Data, generation: Int) -> Data {
        let tag = Data(tag(generation: generation).utf8)
        let closing = Array("</body>".utf8)
        let bytes = [UInt8](html)
        if bytes.count >= closing.count {
            var i = bytes.count - closing.count
            while i >= 0 {
                var match = true
                for j in 0..<closing.count {
                    var b = bytes[i + j]
                    if b >= 65 && b <= 90 { b += 32 }  // ASCII lower-case
                    if b != closing[j] { match = false; break }
                }
                if match {
                    var out = Data(bytes[..<i])
                    out.append(tag)
                    out.append(contentsOf: bytes[i...])
                    return out
                }
                i -= 1
            }
        }
        var out = html
        out.append(tag)
        return out
    }

    /// Connects to the event stream; reloads on `reload`; shows the diagnostics of a failed
    /// build over the page and hides them when a build succeeds. Warnings are listed too,
    /// collapsed under the errors; with warnings alone, a small collapsed panel in a corner
    /// leaves the page usable. The overlay calls the page below "the last good build" only
    /// when one exists (`lastGoodBuild`). Text is inserted with `textContent`, never as HTML.
    static let source = #"""
    (function () {
      "use strict";
      var me = document.currentScript;
      var generation = me ? Number(me.getAttribute("data-generation")) : 0;
      var overlay = null;

      function hide() {
        if (overlay) { overlay.remove(); overlay = null; }
      }

      function el(tag, style, text) {
        var node = document.createElement(tag);
        if (style) node.setAttribute("style", style);
        if (text !== undefined) node.textContent = text;
        return node;
      }

      function count(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

      function item(d) {
        var node = el("div", "margin:0 0 .75rem 0;white-space:pre-wrap;");
        node.className = "groundwork-diagnostic groundwork-" + d.severity;
        node.appendChild(el("span", "color:#93c5fd;", d.file + ":" + d.line + ":" + d.column + ": "));
        node.appendChild(el("span", "font-weight:bold;color:" + (d.severity === "error" ? "#fca5a5" : "#fcd34d") + ";", d.severity + ": "));
        node.appendChild(el("span", "", d.message + " [" + d.code + "]"));
        (d.notes || []).forEach(function (n) { node.appendChild(el("div", "color:#a1a1aa;padding-left:2em;", "note: " + n)); });
        return node;
      }

      function warningList(warnings) {
        var details = el("details", "margin-top:1rem;");
        details.id = "groundwork-warnings";
        details.appendChild(el("summary", "cursor:pointer;color:#fcd34d;font-weight:bold;", count(warnings.length, "warning")));
        warnings.forEach(function (d) { details.appendChild(item(d)); });
        return details;
      }

      function show(state) {
        hide();
        var errors = state.errors || [];
        var warnings = state.warningList || [];
        var font = "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#f4f4f5;background:rgba(20,20,24,.95);";
        if (!errors.length) {
          // Warnings alone: the build is good and the page is current; keep them out of the way.
          overlay = el("div", font + "position:fixed;right:1rem;bottom:1rem;z-index:2147483647;max-width:min(48rem,90vw);" +
            "max-height:60vh;overflow:auto;padding:.5rem 1rem;border-radius:.5rem;");
          overlay.id = "groundwork-overlay";
          overlay.setAttribute("role", "status");
          overlay.setAttribute("aria-label", "Build warnings");
          var list = warningList(warnings);
          list.style.marginTop = "0";
          overlay.appendChild(list);
          (document.body || document.documentElement).appendChild(overlay);
          return;
        }
        overlay = el("div", font + "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;");
        overlay.id = "groundwork-overlay";
        overlay.setAttribute("role", "alertdialog");
        overlay.setAttribute("aria-label", "Build errors");
        var below = state.lastGoodBuild ? " — the page below is the last good build" : " — nothing has built yet";
        overlay.appendChild(el("div", "font-size:18px;font-weight:bold;color:#fca5a5;margin-bottom:.5rem;",
          count(errors.length, "error") + below));
        overlay.appendChild(el("div", "color:#a1a1aa;margin-bottom:1rem;",
          "Fix the file and save: this clears when the build succeeds. (Esc hides it.)"));
        errors.forEach(function (d) { overlay.appendChild(item(d)); });
        if (warnings.length) overlay.appendChild(warningList(warnings));
        (document.body || document.documentElement).appendChild(overlay);
      }

      document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });

      function apply(state) {
        if (state.generation !== generation) { location.reload(); return; }
        if ((state.errors && state.errors.length) || (state.warningList && state.warningList.length)) show(state); else hide();
      }

      if (!window.EventSource) return;
      var events = new EventSource("/__groundwork/events");
      events.addEventListener("state", function (e) { apply(JSON.parse(e.data)); });
      events.addEventListener("reload", function (e) {
        var state = JSON.parse(e.data);
        if (state.generation !== generation) location.reload();
      });
      events.addEventListener("errors", function (e) { apply(JSON.parse(e.data)); });
    })();
    """#
}
