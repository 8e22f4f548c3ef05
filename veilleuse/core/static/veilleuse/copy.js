/* A "Copy" button beside a read-only field (data-copy="<the field's id>"). Without
   JavaScript the button stays hidden and the field is selected and copied by hand. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!field) { return; }
    function done() { if (status) { status.textContent = button.getAttribute("data-done"); } }
    function byHand() { field.select(); if (document.execCommand("copy")) { done(); } }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, byHand);
      } else {
        byHand();
      }
    });
  });
}());
