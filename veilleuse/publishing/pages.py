"""What each page of the published site shows, in one language (build.py renders them).

Plain dictionaries from ``publication_data``; no database. Interface strings go through
gettext (the caller activates the page's language); what the lists wrote stays as written,
in the campaign's language (``CONTENT_LANG``), and is escaped by the templates.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from veilleuse.analysis.titles import short_title
from veilleuse.publishing.figures import figures_beside
from veilleuse.publishing.record import CandidateRecord, Publication, QuestionRecord
from veilleuse.questionnaires.models import ContactKind

if TYPE_CHECKING:  # build.py renders these pages: imported for the annotation only
    from veilleuse.publishing.build import Extras

CONTENT_LANG = "fr"  # the language of the questionnaire and of the answers
LANGUAGES = ("fr", "en")


def when(value: str | None) -> str:
    """An ISO date or date-time as a date in the active language ("15 janvier 2026")."""
    if not value:
        return ""
    moment: Any = parse_datetime(value) if "T" in value else parse_date(value)
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return formats.date_format(moment, "DATE_FORMAT") if moment else value


def script_json(value: Any) -> str:
    """JSON to place inside a ``<script>`` element: ``</`` cannot close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def choose_language() -> dict[str, Any]:
    return {"languages": _languages(), "lang": "fr"}


def _languages() -> list[dict[str, str]]:
    return [{"code": code, "name": get_language_info(code)["name_local"]} for code in LANGUAGES]


class SitePages:
    """The contexts of the pages of one language."""

    def __init__(self, data: Publication, lang: str, extras: Extras) -> None:
        self.data, self.lang, self.extras = data, lang, extras
        # The scale is labelled in the two LANGUAGES; English for any other.
        label_key: Literal["label_fr", "label_en"] = "label_fr" if lang == "fr" else "label_en"
        self.labels = {s["code"]: s[label_key] for s in data["scale"]}
        self.answers = {(a["candidate"], a["question"]): a for a in data["answers"]}
        self.theme_ids = {t["title"]: f"t{i}" for i, t in enumerate(data["themes"], 1)}

    # --- shared pieces ----------------------------------------------------------------

    def common(self, depth: int, page: str, current: str = "") -> dict[str, Any]:
        return {
            "lang": self.lang,
            "content_lang": CONTENT_LANG,
            "foreign": self.lang != CONTENT_LANG,
            "site_root": "../" * depth,
            "lang_root": "../" * (depth - 1),
            "page": page,
            "current": current,
            "campaign": self.data["campaign"],
            "generated": when(self.data["generated_at"]),
            "extras": self.extras,
            "languages": _languages(),
            "scale": self.scale(),
            "has_tracker": bool(self.data.get("tracker")),  # the nav link (tracker.py)
        }

    def scale(self) -> list[dict[str, Any]]:
        return [
            {"code": s["code"], "label": self.labels[s["code"]], "score": s["score"]}
            for s in self.data["scale"]
        ]

    def candidate_view(self, candidate: CandidateRecord) -> dict[str, Any]:
        return {
            **candidate,
            "contact_line": self.contact_line(candidate),
            "has_document": candidate["slug"] in self.extras.documents,
        }

    def contact_line(self, candidate: CandidateRecord) -> str:
        """ "contacted on …, reminded on …, no answer" — the proof that a list was asked."""
        if candidate["status"] == "answered":
            date = when(candidate["submitted_at"])
            return _("answered on %(date)s") % {"date": date} if date else _("answered")
        phrases = []
        for contact in candidate["contacts"]:
            if contact["kind"] == ContactKind.REMINDER:
                phrases.append(_("reminded on %(date)s") % {"date": when(contact["at"])})
            elif contact["kind"] != ContactKind.REPLY:
                phrases.append(_("contacted on %(date)s") % {"date": when(contact["at"])})
        phrases.append(_("no answer") if phrases else _("not contacted"))
        return ", ".join(phrases)

    def entry(self, candidate: Mapping[str, Any], question: QuestionRecord) -> dict[str, Any]:
        """One list's answer to one question: reviewed, pending (no text) or none.
        ``candidate`` is a list's record or its ``candidate_view``."""
        answer = self.answers.get((candidate["slug"], question["number"]))
        if answer is None:
            state, grade, label = "none", "no_answer", self.labels["no_answer"]
        elif answer["status"] != "reviewed":
            state, grade, label = "pending", "pending", _("Awaiting review")
            answer = None
        else:
            state, grade, label = "reviewed", answer["grade"], self.labels[answer["grade"]]
        return {
            "candidate": candidate,
            "question": question,
            "state": state,
            "grade": grade,
            "label": label,
            "score": answer.get("score") if answer else None,
            "answer": answer,
            "theme_id": self.theme_ids.get(question["theme"], ""),
        }

    def candidates(self) -> list[dict[str, Any]]:
        return [self.candidate_view(c) for c in self.data["candidates"]]

    # --- pages ------------------------------------------------------------------------

    def grid_groups(self) -> list[dict[str, Any]]:
        """The grid's columns: the questions under their themes, in the themes' order, each
        with a short label (the engine's ``short_title`` of its demand or text)."""
        groups: dict[str, list[dict[str, Any]]] = {t["title"]: [] for t in self.data["themes"]}
        for q in self.data["questions"]:
            label = short_title(q["demand"] or q["text"], limit=48)
            column = {**q, "theme_id": self.theme_ids.get(q["theme"], ""), "short": label}
            groups.setdefault(q["theme"], []).append(column)
        return [
            {"title": title, "id": self.theme_ids.get(title, ""), "questions": questions}
            for title, questions in groups.items()
            if questions
        ]

    def overview(self) -> dict[str, Any]:
        groups = self.grid_groups()
        columns = [q for group in groups for q in group["questions"]]
        rows = []
        for candidate in self.candidates():
            cells = [self.entry(candidate, q) for q in columns]
            scores = [c["score"] for c in cells if c["score"] is not None]
            # A list with no scored answer has no total (not 0): "no answer" is never a score.
            total = sum(scores) if scores else None
            rows.append({"candidate": candidate, "cells": cells, "total": total})
        people = self.data["candidates"]
        return {
            **self.common(1, "index.html", "overview"),
            "questions": self.data["questions"],
            "groups": groups,
            "rows": rows,
            "themes": [{**t, "id": self.theme_ids[t["title"]]} for t in self.data["themes"]],
            "parties": sorted({c["party"] for c in people if c["party"]}),
            "territories": sorted({c["territory"] for c in people if c["territory"]}),
        }

    def question(self, number: int) -> dict[str, Any]:
        question = next(q for q in self.data["questions"] if q["number"] == number)
        return {
            **self.common(2, f"questions/{number}.html", "questions"),
            "question": question,
            "entries": [self.entry(c, question) for c in self.candidates()],
            "questions": self.data["questions"],
            "image": f"share/{self.lang}/question-{number}.png" if self.extras.images else "",
            "figures": figures_beside(self.data, number, self.lang),  # figures.py
        }

    def candidate(self, slug: str) -> dict[str, Any]:
        candidate = self.candidate_view(
            next(c for c in self.data["candidates"] if c["slug"] == slug)
        )
        entries = [self.entry(candidate, q) for q in self.data["questions"]]
        counts = Counter(e["grade"] for e in entries)
        reviewed = [e for e in entries if e["answer"]]
        return {
            **self.common(2, f"candidates/{slug}.html", "candidates"),
            "candidate": candidate,
            "entries": entries,
            "counts": [
                {**grade, "count": counts[grade["code"]]}
                for grade in [*self.scale(), {"code": "pending", "label": _("Awaiting review")}]
                if counts[grade["code"]]
            ],
            "commitments": [
                {"question": e["question"], **c}
                for e in reviewed
                for c in e["answer"]["commitments"]
            ],
            "deflections": [
                {"question": e["question"], **d}
                for e in reviewed
                for d in e["answer"]["deflections"]
            ],
            "image": f"share/{self.lang}/candidate-{slug}.png" if self.extras.images else "",
        }

    def methodology(self) -> dict[str, Any]:
        reviews = self.data["reviews"]
        kinds = dict(ContactKind.choices)
        log = sorted(
            (contact["at"], candidate["name"], kinds.get(contact["kind"], contact["kind"]))
            for candidate in self.data["candidates"]
            for contact in candidate["contacts"]
        )
        return {
            **self.common(1, "methodology.html", "methodology"),
            "reviews": {**reviews, "first": when(reviews["first"]), "last": when(reviews["last"])},
            "contact_log": [
                {"date": when(at), "name": name, "kind": kind} for at, name, kind in log
            ],
            "candidates": self.candidates(),
        }

    def quiz(self) -> dict[str, Any]:
        """The overview's context, plus what the voter quiz needs as compact JSON."""
        grades: dict[str, dict[str, Any]] = {}
        for answer in self.data["answers"]:
            if answer["status"] == "reviewed":
                grades.setdefault(answer["candidate"], {})[str(answer["question"])] = {
                    "grade": answer["grade"],
                    "score": answer["score"],
                }
        quiz = {
            "lang": self.lang,
            "scale": self.scale(),
            "questions": [
                {"number": q["number"], "theme": q["theme"], "text": q["text"]}
                for q in self.data["questions"]
            ],
            "candidates": [
                {"slug": c["slug"], "name": c["name"], "party": c["party"], "status": c["status"]}
                for c in self.data["candidates"]
            ],
            "grades": grades,
        }
        return {
            **self.overview(),
            **self.common(1, "quiz.html", "quiz"),
            "quiz_json": script_json(quiz),
        }
