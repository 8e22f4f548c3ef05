/* Veilleuse voter quiz. Runs only in this page: the voter's answers are never sent anywhere
   (no request, no cookie; kept in sessionStorage for this tab only, erased by "Clear").
   The matching rule is docs/quiz.md; veilleuse/publishing/quiz.py is its reference and
   veilleuse/publishing/tests/test_quiz.py checks that both compute the same. No dependency. */
(function () {
  "use strict";
  var VOTER = { agree: 2, rather_agree: 1, rather_disagree: -1, disagree: -2 };
  /* The grades' scores come from the page's data: the published record's scale, defined once
     in the engine (veilleuse/analysis/model.py). Steps without a score (no answer) are left out. */
  var GRADE = {};
  function useScale(scale) {
    Object.keys(GRADE).forEach(function (k) { delete GRADE[k]; });
    (scale || []).forEach(function (s) { if (typeof s.score === "number") GRADE[s.code] = s.score; });
  }
  var MAX = 4;

  function agreementPoints(v, c) { return MAX - Math.abs(v - c); }

  /* voter: {key: {position, important}}; grades: {key: grade code | "pending"}. */
  function candidateMatch(voter, grades, slug, name) {
    var m = { slug: slug || "", name: name || "", points: 0, out_of: 0,
              answered: [], no_answer: [], pending: [], ranked: false, rank: null };
    Object.keys(voter).forEach(function (key) {
      var choice = voter[key];
      if (!Object.prototype.hasOwnProperty.call(VOTER, choice.position)) return;
      var grade = Object.prototype.hasOwnProperty.call(grades, key) ? grades[key] : "no_answer";
      if (grade === "pending") { m.pending.push(key); return; }
      if (!Object.prototype.hasOwnProperty.call(GRADE, grade)) { m.no_answer.push(key); return; }
      var weight = choice.important ? 2 : 1;
      m.answered.push(key);
      m.points += weight * agreementPoints(VOTER[choice.position], GRADE[grade]);
      m.out_of += weight * MAX;
    });
    var asked = m.answered.length + m.no_answer.length + m.pending.length;
    m.ranked = asked > 0 && 2 * m.answered.length >= asked;
    return m;
  }

  /* Rounded half up with integers only, as quiz.py does. */
  function percent(m) {
    return m.out_of ? Math.floor((200 * m.points + m.out_of) / (2 * m.out_of)) : null;
  }

  function sortName(name) {
    return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function better(a, b) { return a.points * b.out_of > b.points * a.out_of; }

  /* Every candidate: {ranked: best first (ties share a rank), unranked: by name}. */
  function rank(voter, candidates) {
    var all = candidates.map(function (c) {
      return candidateMatch(voter, c.grades || {}, c.slug, c.name);
    });
    all.sort(function (a, b) {
      var x = sortName(a.name), y = sortName(b.name);
      return x < y ? -1 : x > y ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
    });
    var ranked = all.filter(function (m) { return m.ranked; });
    ranked.sort(function (a, b) {
      if (better(a, b)) return -1;
      if (better(b, a)) return 1;
      return b.answered.length - a.answered.length;
    });
    ranked.forEach(function (m, i) {
      var prev = ranked[i - 1];
      m.rank = prev && !better(prev, m) ? prev.rank : i + 1;
    });
    return { ranked: ranked, unranked: all.filter(function (m) { return !m.ranked; }) };
  }

  /* The page's data ({questions, candidates, grades: {slug: {question: {grade}}}}, or
     grades inside each candidate, or publication_data's answers) as {questions, candidates}. */
  function normalise(data) {
    if (data.scale) useScale(data.scale);
    var questions = (data.questions || []).map(function (q) {
      var n = q.number != null ? q.number : q.n;
      return { key: String(q.key != null ? q.key : n), number: n, text: q.text || "" };
    });
    var top = data.grades || {};
    var bySlug = {};
    var candidates = (data.candidates || []).map(function (c) {
      var given = c.grades || top[c.slug] || {};
      var grades = {};
      Object.keys(given).forEach(function (k) {
        var g = given[k];
        grades[String(k)] = g && typeof g === "object" ? g.grade : g;
      });
      bySlug[c.slug] = { slug: c.slug, name: c.name, party: c.party || "", grades: grades };
      return bySlug[c.slug];
    });
    (data.answers || []).forEach(function (a) {
      var c = bySlug[a.candidate];
      if (c) c.grades[String(a.question)] = a.status === "reviewed" ? a.grade || "no_answer" : "pending";
    });
    return { questions: questions, candidates: candidates, bySlug: bySlug };
  }

  var api = { VOTER: VOTER, GRADE: GRADE, useScale: useScale, agreementPoints: agreementPoints,
              candidateMatch: candidateMatch, percent: percent, rank: rank,
              normalise: normalise, sortName: sortName };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  if (typeof document === "undefined") return;

  /* ---- The page ---- */
  var root = document.getElementById("quiz");
  var source = document.getElementById("quiz-data");
  if (!root || !source) return;
  var data = normalise(JSON.parse(source.textContent));
  /* Answers awaiting review are not in the JSON (only reviewed grades are); the tables mark them. */
  Array.prototype.forEach.call(document.querySelectorAll("#quiz-tables td[data-c]"), function (td) {
    var c = data.bySlug[td.getAttribute("data-c")];
    if (c && !c.grades[td.getAttribute("data-q")]) c.grades[td.getAttribute("data-q")] = "pending";
  });
  var t = root.dataset;
  var form = document.getElementById("quiz-form");
  var results = document.getElementById("quiz-results");
  var storeKey = "veilleuse-quiz:" + (t.campaign || "");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, k) {
      return values[k] != null ? values[k] : all;
    });
  }
  function label(code) { return t["label_" + code] || code; }
  function badge(code) {
    var voter = Object.prototype.hasOwnProperty.call(VOTER, code);
    return el("span", { "class": voter ? "quiz-badge quiz-" + code : "grade grade-" + code }, label(code));
  }

  function readVoter() {
    var voter = {};
    data.questions.forEach(function (q) {
      var checked = form.querySelector('input[name="q-' + q.key + '"]:checked');
      var weight = form.querySelector('input[name="w-' + q.key + '"]');
      voter[q.key] = { position: checked ? checked.value : "skip",
                       important: !!(weight && weight.checked) };
    });
    return voter;
  }

  /* Per question: the voter's position beside the list's grade (a list, which fits a phone). */
  function detail(match, voter) {
    var list = el("ul", { "class": "quiz-detail" });
    var grades = data.bySlug[match.slug].grades;
    data.questions.forEach(function (q) {
      var v = voter[q.key];
      if (!v || v.position === "skip") return;
      var li = list.appendChild(el("li"));
      var text = li.appendChild(el("p", { "class": "quiz-dq", lang: t.contentLang || "fr" }, q.number + ". " + q.text));
      if (v.important) text.appendChild(el("strong", {}, " (" + t.important + ")"));
      var g = grades[q.key];
      [[t.colYou, v.position], [t.colCandidate, g === "pending" || GRADE.hasOwnProperty(g) ? g : "no_answer"]]
        .forEach(function (pair) {
          var line = li.appendChild(el("p", { "class": "quiz-who" }, pair[0] + " "));
          line.appendChild(badge(pair[1]));
        });
    });
    return list;
  }

  function item(match, voter, total) {
    var li = el("li", { "class": "quiz-candidate" });
    var h = el("h3");
    if (match.rank) h.appendChild(el("span", { "class": "quiz-rank" }, match.rank + ". "));
    h.appendChild(el("a", { href: (t.candidateBase || "") + match.slug + ".html" }, match.name));
    var party = data.bySlug[match.slug].party;
    if (party) h.appendChild(el("span", { "class": "quiz-party" }, " — " + party));
    li.appendChild(h);
    var p = percent(match);
    var line = el("p", { "class": "quiz-score" });
    if (p === null) {
      line.textContent = t.noScore;
    } else {
      line.appendChild(el("strong", {}, p + "\u00a0% " + t.agreement));
      line.appendChild(document.createTextNode(" " + fill(t.basedOn, { n: match.answered.length, total: total })));
      var bar = el("span", { "class": "quiz-bar", "aria-hidden": "true" });
      bar.appendChild(el("span")).style.width = p + "%";
      li.appendChild(bar);
    }
    li.appendChild(line);
    if (match.no_answer.length) li.appendChild(el("p", { "class": "quiz-missing" }, fill(t.noAnswer, { n: match.no_answer.length })));
    if (match.pending.length) li.appendChild(el("p", { "class": "quiz-missing" }, fill(t.pending, { n: match.pending.length })));
    var details = el("details");
    details.appendChild(el("summary", {}, t.detail));
    details.addEventListener("toggle", function once() {
      details.removeEventListener("toggle", once);
      details.appendChild(detail(match, voter));
    });
    li.appendChild(details);
    return li;
  }

  function show(focus) {
    var voter = readVoter();
    var total = Object.keys(voter).filter(function (k) { return voter[k].position !== "skip"; }).length;
    results.textContent = "";
    var heading = el("h2", { id: "quiz-results-title", tabindex: "-1" }, t.results);
    results.appendChild(heading);
    if (!total) {
      results.appendChild(el("p", {}, t.none));
    } else {
      var groups = rank(voter, data.candidates);
      results.appendChild(el("p", {}, fill(t.intro, { total: total })));
      var ol = el("ol", { "class": "quiz-list", id: "quiz-ranked" });
      groups.ranked.forEach(function (m) { ol.appendChild(item(m, voter, total)); });
      if (groups.ranked.length) results.appendChild(ol);
      if (groups.unranked.length) {
        results.appendChild(el("h3", { "class": "quiz-group" }, t.unrankedTitle));
        results.appendChild(el("p", {}, t.unrankedHelp));
        var ul = el("ul", { "class": "quiz-list", id: "quiz-unranked" });
        groups.unranked.forEach(function (m) { ul.appendChild(item(m, voter, total)); });
        results.appendChild(ul);
      }
    }
    results.hidden = false;
    if (focus) heading.focus();
  }

  function save() {
    try { sessionStorage.setItem(storeKey, JSON.stringify(readVoter())); } catch (e) { /* private mode */ }
  }
  function restore() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(storeKey) || "null"); } catch (e) { saved = null; }
    if (!saved) return false;
    data.questions.forEach(function (q) {
      var choice = saved[q.key];
      if (!choice || !(VOTER.hasOwnProperty(choice.position) || choice.position === "skip")) return;
      form.querySelector('input[name="q-' + q.key + '"][value="' + choice.position + '"]').checked = true;
      var weight = form.querySelector('input[name="w-' + q.key + '"]');
      if (weight) weight.checked = !!choice.important;
    });
    return true;
  }

  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) { event.preventDefault(); save(); show(true); });
  form.addEventListener("reset", function () {
    try { sessionStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
    results.hidden = true;
    results.textContent = "";
  });
  document.getElementById("quiz-tables").hidden = true;
  document.getElementById("quiz-nojs").hidden = true;
  form.hidden = false;
  root.classList.add("quiz-ready");
  if (restore()) show(false);
})();
