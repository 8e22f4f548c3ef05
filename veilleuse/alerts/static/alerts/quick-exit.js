/* Quick exit, and member pages that never come back from the browser's memory.

   - The button leads to /alertes/sortie/, which ends the session on the server, clears the
     site's cookies and storage, and sends the browser on to a neutral site. Without
     JavaScript it is a plain link; with it, the current page is replaced (location.replace)
     so that it leaves no entry in the Back history, and Escape pressed twice does the same.
   - A page of ours reached with Back or Forward once the member is signed out (after a quick
     exit, for instance) is replaced at once by the quick exit, before anything shows (this
     script runs in <head>, before the page is drawn), which also clears the cookie that
     the page itself may have set.
   - A page restored from the back/forward cache is fetched again, and every form is reset
     whenever a page is shown, so that what she typed never comes back. */
(function () {
  "use strict";
  var root = document.documentElement;
  var meta = document.querySelector("meta[name=quick-exit]");
  var exit = meta ? meta.getAttribute("content") : "";
  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  if (exit && meta.hasAttribute("data-signed-out") && navigation &&
      navigation.type === "back_forward") {
    root.hidden = true;
    window.location.replace(exit);
    return;
  }

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      root.hidden = true;
      window.location.replace(window.location.href);
      return;
    }
    var forms = document.querySelectorAll("main form");
    for (var i = 0; i < forms.length; i++) { forms[i].reset(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-quick-exit]");
    if (!button) { return; }
    var target = button.getAttribute("href");
    function leave(event) {
      if (event) { event.preventDefault(); }
      root.hidden = true;
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
  });
})();
