/* Veilleuse's service worker (served at /alertes/sw.js): shows the contentless
   notification the server pushed, and opens the members' feed when it is tapped. */
"use strict";

self.addEventListener("push", function (event) {
  var data = { title: "Veilleuse", body: "", url: "/alertes/", tag: "veilleuse" };
  try {
    if (event.data) { data = Object.assign(data, event.data.json()); }
  } catch (error) { /* keep the defaults */ }
  event.waitUntil(self.registration.showNotification(data.title, {
    body: data.body,
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
