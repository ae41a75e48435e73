// Groundwork: starts Pagefind's search UI in #search. Pagefind's form is the page's one search
// landmark (role="search", labelled "Search this site"): #search itself has no role.
// The site may be served under any sub-path (/, /kb/, /docs/v2/): the page knows only its
// relative way back to the site root (data-root, e.g. "../../"). Resolving that against the
// page's own URL gives the root's absolute path, from which both the index (bundlePath) and the
// result links (baseUrl) are built.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("search");
    if (!element || typeof window.PagefindUI !== "function") return;
    var root = new URL(element.getAttribute("data-root") || "./", document.baseURI).pathname;
    if (root.charAt(root.length - 1) !== "/") root += "/";
    new window.PagefindUI({
      element: "#search",
      bundlePath: root + "pagefind/",
      baseUrl: root,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: { placeholder: "Search the guide", search_label: "Search this site" }
    });
    var input = element.querySelector("input");
    if (input && !input.getAttribute("aria-label")) input.setAttribute("aria-label", "Search the guide");
    // "/" focuses the box (site.js).
    if (input) input.setAttribute("aria-keyshortcuts", "/");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
