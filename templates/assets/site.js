// Groundwork: the menu button that shows and hides the site navigation on narrow screens.
// Without JavaScript the navigation is always shown and the button stays hidden.
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  var root = document.documentElement;
  function setOpen(open) {
    root.classList.toggle("nav-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open) {
      var current = nav.querySelector('[aria-current="page"]') || nav.querySelector("a");
      if (current) current.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && root.classList.contains("nav-open")) {
      setOpen(false);
      button.focus();
    }
  });
})();

// The colour scheme: "auto" follows the system (prefers-color-scheme), "light" and "dark" are
// the reader's choice, remembered in localStorage. The inline script in <head> applies a stored
// choice before the page is painted, so there is no flash of the other scheme.
(function () {
  "use strict";
  var KEY = "groundwork-theme";
  var ORDER = ["auto", "light", "dark"];
  var root = document.documentElement;
  var button = document.querySelector("[data-theme-toggle]");
  if (!button) return;
  function current() {
    var theme = root.getAttribute("data-theme");
    return theme === "light" || theme === "dark" ? theme : "auto";
  }
  function show(theme) {
    button.textContent = "Theme: " + theme;
  }
  button.addEventListener("click", function () {
    var next = ORDER[(ORDER.indexOf(current()) + 1) % ORDER.length];
    if (next === "auto") root.removeAttribute("data-theme"); else root.setAttribute("data-theme", next);
    try {
      if (next === "auto") localStorage.removeItem(KEY); else localStorage.setItem(KEY, next);
    } catch (e) { /* storage refused (private mode): the choice lasts for this page only */ }
    show(next);
  });
  show(current());
})();

// "/" focuses the search box, as on most documentation sites; not while typing in a field.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var input = document.querySelector("#search input");
    if (!input) return;
    event.preventDefault();
    input.focus();
  });
})();

// A "Copy" button on every code block; the text copied is the code, without the highlighting.
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http on another host: the older, synchronous way.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  var blocks = document.querySelectorAll(".content pre > code");
  Array.prototype.forEach.call(blocks, function (code) {
    var pre = code.parentNode;
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code");
    var timer = null;
    button.addEventListener("click", function () {
      copyText(code.textContent).then(function () {
        button.textContent = "Copied";
        button.setAttribute("aria-label", "Copied");
      }, function () {
        button.textContent = "Press Ctrl+C";
        button.setAttribute("aria-label", "Copy failed: select the code and press Ctrl+C");
      });
      clearTimeout(timer);
      timer = setTimeout(function () {
        button.textContent = "Copy";
        button.setAttribute("aria-label", "Copy code");
      }, 2000);
    });
    wrap.appendChild(button);
  });
})();

// Wide tables scroll sideways inside their box: say so when they do, and let keyboard users
// scroll them (a focusable box). Code blocks that scroll become focusable too. Checked again
// when the window changes size.
(function () {
  "use strict";
  var wraps = document.querySelectorAll(".table-wrap");
  var codes = document.querySelectorAll(".content pre");
  if (!wraps.length && !codes.length) return;
  function update() {
    Array.prototype.forEach.call(codes, function (pre) {
      if (pre.scrollWidth > pre.clientWidth + 1) pre.setAttribute("tabindex", "0"); else pre.removeAttribute("tabindex");
    });
    Array.prototype.forEach.call(wraps, function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("is-scrollable", scrolls);
      if (scrolls) wrap.setAttribute("tabindex", "0"); else wrap.removeAttribute("tabindex");
      var hint = wrap.previousElementSibling;
      var hasHint = hint && hint.classList.contains("table-scroll-hint");
      if (scrolls && !hasHint) {
        hint = document.createElement("p");
        hint.className = "table-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "Scroll sideways to see the whole table →";
        wrap.parentNode.insertBefore(hint, wrap);
      } else if (!scrolls && hasHint) {
        hint.parentNode.removeChild(hint);
      }
    });
  }
  update();
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; update(); });
  });
})();
