// "Add my position": only when she taps it. Nothing is asked of the browser otherwise.
(function () {
  "use strict";
  var button = document.querySelector("[data-add-position]");
  var field = document.querySelector("input[name=position]");
  if (!button || !field || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (where) {
      field.value = where.coords.latitude.toFixed(5) + "," + where.coords.longitude.toFixed(5);
      button.disabled = true;
    });
  });
}());
