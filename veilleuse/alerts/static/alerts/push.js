/* The "Notify this phone" buttons of /alertes/notifications/: register the service worker,
   subscribe with the server's VAPID key, and send the subscription to the server. */
"use strict";

(function () {
  var box = document.getElementById("push");
  if (!box) { return; }
  var subscribeButton = document.getElementById("push-subscribe");
  var unsubscribeButton = document.getElementById("push-unsubscribe");
  var status = document.getElementById("push-status");
  var tokenField = document.querySelector("input[name=csrfmiddlewaretoken]");

  function say(text) { status.textContent = text; }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(box.dataset.unsupported);
    return;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": tokenField ? tokenField.value : "" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) { throw new Error(answer.error || box.dataset.failed); }
        return answer;
      });
    });
  }

  function show(subscription) {
    subscribeButton.hidden = Boolean(subscription);
    unsubscribeButton.hidden = !subscription;
  }

  var ready = navigator.serviceWorker.register(box.dataset.workerUrl, { scope: box.dataset.scope })
    .then(function () { return navigator.serviceWorker.ready; });

  ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(show).catch(function () { say(box.dataset.failed); });

  subscribeButton.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error(box.dataset.denied); }
      return ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(box.dataset.vapidKey)
      });
    }).then(function (subscription) {
      return post(box.dataset.subscribeUrl, subscription.toJSON()).then(function (answer) {
        show(subscription);
        say(answer.message);
      });
    }).catch(function (error) { say(error.message || box.dataset.failed); });
  });

  unsubscribeButton.addEventListener("click", function () {
    ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) { show(null); return null; }
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(box.dataset.unsubscribeUrl, { endpoint: endpoint });
      }).then(function (answer) {
        show(null);
        say(answer.message);
      });
    }).catch(function (error) { say(error.message || box.dataset.failed); });
  });
}());
