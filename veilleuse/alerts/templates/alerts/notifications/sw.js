/* The members' service worker (served at /alertes/sw.js).
   - It keeps only our static files (a style sheet, a script), never a page: what a member
     reads is fetched from the server each time and leaves nothing on the phone.
   - A notification says nothing: the app's neutral name ("Notes", "Météo"…) and a sentence
     that reveals nothing, whatever the push carried; tapping it opens the app. */
"use strict";

var KEPT = "static-v1";
var STATIC_FILES = [{% for path in static_files %}"{{ path|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var APP_NAME = "{{ app_name|escapejs }}";
var NOTICE = "{{ notice|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(KEPT).then(function (cache) { return cache.addAll(STATIC_FILES); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== KEPT; })
      .map(function (name) { return caches.delete(name); }));
  }));
});

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin ||
      STATIC_FILES.indexOf(url.pathname) < 0) {
    return;  // pages and everything else: straight to the network, never kept
  }
  // The network first (our static files keep their names from one release to the next),
  // the kept copy when the phone is offline.
  event.respondWith(fetch(event.request).then(function (answer) {
    if (answer.ok) {
      var copy = answer.clone();
      caches.open(KEPT).then(function (cache) { return cache.put(event.request, copy); });
    }
    return answer;
  }).catch(function () { return caches.match(event.request); }));
});

self.addEventListener("push", function (event) {
  var data = { url: "/alertes/", tag: "notice" };
  try {
    if (event.data) { data = Object.assign(data, event.data.json()); }
  } catch (error) { /* keep the defaults */ }
  event.waitUntil(self.registration.showNotification(APP_NAME, {
    body: NOTICE,
    tag: data.tag,
    data: { url: data.url }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/alertes/";
  if (url.charAt(0) !== "/" || url.charAt(1) === "/") { url = "/alertes/"; }
  event.waitUntil(clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (new URL(list[i].url).pathname.indexOf("/alertes/") === 0 && "focus" in list[i]) {
        list[i].navigate(url);
        return list[i].focus();
      }
    }
    return clients.openWindow(url);
  }));
});
