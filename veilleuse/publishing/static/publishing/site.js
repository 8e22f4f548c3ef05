/* The overview grid, filtered and sorted in the browser. Progressive enhancement: without
   JavaScript the table is complete; this only shows the tools and hides rows/columns.
   No framework, no network, no storage. */
(function () {
  "use strict";
  var tools = document.querySelector(".grid-tools");
  var table = document.querySelector("table.grid");
  if (!tools || !table || !document.querySelectorAll) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = tools.querySelector(".count");

  function value(name) {
    var select = tools.querySelector("[data-filter=" + name + "]");
    return select ? select.value : "";
  }

  function hide(element, hidden) {
    if (hidden) { element.setAttribute("data-hidden", ""); } else { element.removeAttribute("data-hidden"); }
  }

  function filter() {
    var theme = value("theme"), party = value("party"), territory = value("territory");
    var shown = 0;
    rows.forEach(function (row) {
      var out = (party && row.getAttribute("data-party") !== party) ||
        (territory && row.getAttribute("data-territory") !== territory);
      hide(row, out);
      if (!out) { shown += 1; }
    });
    Array.prototype.forEach.call(table.querySelectorAll("[data-theme]"), function (cell) {
      hide(cell, theme && cell.getAttribute("data-theme") !== theme);
    });
    if (count) {
      count.textContent = tools.getAttribute("data-count")
        .replace("{shown}", shown).replace("{total}", rows.length);
    }
  }

  function key(row, order) {
    if (order === "party") { return (row.getAttribute("data-party") || "~") + "\u0000" + row.getAttribute("data-name"); }
    return row.getAttribute("data-name");
  }

  function sort() {
    var order = tools.querySelector("[data-sort]").value;
    var sorted = rows.slice().sort(function (a, b) {
      if (order === "score-desc" || order === "score-asc") {
        /* A list without any scored answer has no score: always last, never "0". */
        var sa = a.getAttribute("data-score"), sb = b.getAttribute("data-score");
        if (sa === "" || sb === "") { if (sa !== sb) { return sa === "" ? 1 : -1; } }
        else {
          var diff = Number(sa) - Number(sb);
          if (diff) { return order === "score-desc" ? -diff : diff; }
        }
      }
      return key(a, order).localeCompare(key(b, order), document.documentElement.lang);
    });
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  tools.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-sort")) { sort(); } else { filter(); }
  });
  tools.addEventListener("submit", function (event) { event.preventDefault(); });
  tools.hidden = false;
  filter();
}());
