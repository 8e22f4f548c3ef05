/* A character counter under each answer (p.counter[data-max] after its textarea). Past the
   limit it says by how much, in words, and marks the field; the server refuses such an
   answer too, keeping the whole text in the form. Without JavaScript the hint says the limit. */
(function () {
  "use strict";
  var format = function (n) { return n.toLocaleString(document.documentElement.lang); };
  Array.prototype.forEach.call(document.querySelectorAll("p.counter[data-max]"), function (counter) {
    var field = document.getElementById(counter.id.replace(/-count$/, ""));
    var max = Number(counter.getAttribute("data-max"));
    if (!field) { return; }
    field.setAttribute("aria-describedby", counter.id);
    function update() {
      var count = field.value.length;
      var over = count > max;
      counter.textContent = over
        ? counter.getAttribute("data-over").replace("{over}", format(count - max))
        : counter.getAttribute("data-text").replace("{count}", format(count)).replace("{max}", format(max));
      counter.classList.toggle("over", over);
      if (over) { field.setAttribute("aria-invalid", "true"); } else { field.removeAttribute("aria-invalid"); }
    }
    field.addEventListener("input", update);
    update();
  });
}());
