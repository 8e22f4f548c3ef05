/* Quick exit: leave the member pages at once, without leaving them in the Back history.
   Without JavaScript the button is a plain link (rel="noreferrer"); with it, the page is
   replaced (location.replace), and pressing Escape twice within a second does the same. */
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) { return; }
  var target = button.getAttribute("href");
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.hidden = true;
    window.location.replace(target);
  }
  button.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { leave(event); }
    lastEscape = now;
  });
})();
