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
