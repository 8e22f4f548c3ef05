"""What "fits a 360-pixel phone" means, measured in the page itself (issue 14).

``fit_problems(page)`` returns, readable, what is wrong with the page as the browser laid it
out: the page wider than the screen, a box that scrolls sideways, and words broken inside.

A word is a run of letters and digits (``Emmanuel``, ``2026``, ``10``); breaking a line
between two such characters is "a word broken inside", whatever CSS caused it (``overflow-wrap:
anywhere``, ``word-break: break-all``, a squeezed table column). Breaking at a space, a hyphen
or a slash is not. The one excuse: a run wider than the screen's text column (a long address
in a candidate's text) has to break somewhere, so only runs that would fit on one line count.
The browser says where each run's lines are: a ``Range`` over the run gives one rectangle per
line it spans, so a run on two lines has rectangles at two heights.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Runs in the page: returns a list of sentences, empty when the page fits.
FIT_SCRIPT = r"""
() => {
  const problems = [];
  const screen = window.innerWidth;
  const describe = (el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\s+/).join(".") : "";
    const text = (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const root = document.documentElement;
  if (root.scrollWidth > screen) {
    const wide = [...document.body.querySelectorAll("*")]
      .filter(el => el.getBoundingClientRect().right > screen + 1)
      .filter(el => !el.parentElement
              || el.parentElement.getBoundingClientRect().right <= screen + 1)
      .slice(0, 3).map(describe);
    problems.push(`the page is ${root.scrollWidth} px wide on a ${screen} px screen: `
                  + wide.join(", "));
  }
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if ((style.overflowX === "auto" || style.overflowX === "scroll")
        && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      problems.push(`${describe(el)} scrolls sideways `
                    + `(${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  }
  const column = screen - 32;
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEXTAREA", "OPTION", "SELECT", "TEMPLATE"]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      const parent = node.parentElement;
      if (!parent || skip.has(parent.tagName) || !node.data.trim()) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const broken = [];
  const lines = (range) => {
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    return {count: new Set(rects.map(r => Math.round(r.top))).size,
            width: rects.reduce((sum, r) => sum + r.width, 0)};
  };
  const over = (node, start, end) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return lines(range);
  };
  // Chinese and Japanese break between any two characters: their runs are not words here.
  const cjk = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}";
  const run = new RegExp(`(?:(?![${cjk}])[\\p{L}\\p{N}\\p{M}]){2,}`, "gu");
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const token of node.data.matchAll(/\S+/g)) {
      const whole = over(node, token.index, token.index + token[0].length);
      if (whole.count < 2 || whole.width > column) continue;  // on one line, or must break
      for (const match of token[0].matchAll(run)) {
        const start = token.index + match.index;
        if (over(node, start, start + match[0].length).count > 1) {
          broken.push(`"${match[0]}" in ${describe(node.parentElement)}`);
        }
      }
    }
  }
  if (broken.length) {
    problems.push(`words broken inside: ${broken.slice(0, 5).join("; ")}` +
                  (broken.length > 5 ? ` (and ${broken.length - 5} more)` : ""));
  }
  return problems;
}
"""


def fit_problems(page: Any) -> list[str]:
    """What keeps ``page`` from fitting its screen, in sentences; empty when it fits."""
    return list(page.evaluate(FIT_SCRIPT))


def axe_serious(page: Any) -> list[str]:
    """The serious and critical violations axe-core finds on the page, readable. The page's
    context must bypass the Content-Security-Policy: axe-core comes in as an inline script."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id} (${v.impact}): ${v.help} — ` +
                 v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(" | "))"""
    )
    return list(found)
