/* The members' installable app: register the service worker (scope /alertes/), which keeps
   only our static files, never a page (templates/alerts/notifications/sw.js). */
(function () {
  "use strict";
  var link = document.querySelector("link[rel=manifest]");
  if (!link || !("serviceWorker" in navigator)) { return; }
  navigator.serviceWorker.register(link.getAttribute("data-worker"), { scope: "/alertes/" })
    .catch(function () { /* the pages work without it */ });
})();
