"""The public tracker (PRODUCT.md, pillar 1, step 7): the ``"tracker"`` part of the public
record, and the pages and Atom feeds drawn from it (docs/publishing.md, "The tracker").

Public: tracked commitments only (never proposed, dropped or merged), published status changes
only (never a draft), corrected changes beside their corrections; a commitment's status is the
one its published changes give, never the working copy on the row. Never who wrote or checked
a change. Fictitious (``hypothetical``) results say so on every page, in the feeds and the CSV.
"""

from __future__ import annotations

import datetime
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Literal, TypeVar, cast
from urllib.parse import urlsplit

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _

from veilleuse.commitments.models import (
    ActKind,
    ChangeState,
    CommitmentState,
    CommitmentStatus,
    ElectionResult,
    Evidence,
    Reason,
    StatusChange,
    TrackedCommitment,
)
from veilleuse.publishing.pages import SitePages, when
from veilleuse.publishing.record import (
    ChangeRecord,
    EvidenceDocument,
    EvidenceRecord,
    OfficialActRecord,
    Publication,
    TrackedRecord,
    TrackerRecord,
)
from veilleuse.questionnaires.models import Campaign, Candidate

EvidenceKindCode = Literal["link", "document", "note"]
ActKindCode = Literal["deliberation", "subsidy", "order"]
K = TypeVar("K")
V = TypeVar("V")

STATUSES = [s.value for s in CommitmentStatus]
ATOM = "http://www.w3.org/2005/Atom"
FEED_NAMESPACE = uuid.UUID("6f0c1b9e-2f4a-5d53-9c1e-7a1f7c0d5e10")  # never change it

# --- the record ------------------------------------------------------------------------


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def tracker_record(
    campaign: Campaign, candidate_slug: Callable[[Candidate], str]
) -> TrackerRecord | None:
    """The tracker part of ``publication_data``; None while no result is recorded."""
    result = ElectionResult.objects.filter(campaign=campaign).first()
    if result is None:
        return None
    officials = list(result.officials.select_related("candidate").order_by("role", "name", "pk"))
    return {
        "mandate": {
            "start": _iso(result.mandate_start),
            "end": _iso(result.mandate_end),
            "hypothetical": result.hypothetical,
        },
        "officials": [
            {
                "name": o.name,
                "role": o.role,
                "portfolio": o.portfolio,
                "id": o.pk,
                "list": candidate_slug(o.candidate) if o.candidate else None,
            }
            for o in officials
        ],
        "commitments": [
            _commitment(c, candidate_slug(c.candidate)) for c in _tracked_commitments(campaign)
        ],
    }


def _tracked_commitments(campaign: Campaign) -> list[TrackedCommitment]:
    published = (
        StatusChange.objects.filter(state=ChangeState.PUBLISHED)
        .order_by("happened_on", "created", "pk")
        .select_related("act_proposal__act")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )
    return list(
        TrackedCommitment.objects.filter(campaign=campaign, state=CommitmentState.TRACKED)
        .select_related("candidate", "question__theme")
        .prefetch_related(Prefetch("changes", queryset=published))
        .order_by("candidate__name", "question__number", "pk")
    )


def commitment_slug(commitment: TrackedCommitment) -> str:
    return f"{slugify(commitment.title)[:60] or 'engagement'}-{commitment.pk}"


def _commitment(commitment: TrackedCommitment, list_slug: str) -> TrackedRecord:
    changes = list(commitment.changes.all())  # published only (see the prefetch)
    ids = {change.pk for change in changes}
    corrected_by = {c.corrects_id: c.pk for c in changes if c.corrects_id in ids}
    question = commitment.question
    entries = [_change(change, ids, corrected_by.get(change.pk)) for change in changes]
    current = [entry for entry in entries if entry["corrected_by"] is None]
    return {
        "id": commitment.pk,
        "slug": commitment_slug(commitment),
        "list": list_slug,
        "official": commitment.official_id,
        "question": question.number if question else None,
        "theme": question.theme.title if question and question.theme else "",
        "title": commitment.title,
        "quote": commitment.quote,
        "expected_label": commitment.expected_label,
        "source": commitment.source,
        "expected_by": _iso(commitment.expected_by),
        "status": current[-1]["status"] if current else CommitmentStatus.NOT_STARTED.value,
        "changes": entries,
    }


def _change(change: StatusChange, ids: set[int], corrected_by: int | None) -> ChangeRecord:
    return {
        "status": change.status,
        "reason": change.reason,
        "reason_note": change.reason_note,
        "note": change.note,
        "id": change.pk,
        "happened_on": _iso(change.happened_on),
        "published_at": _iso(change.published_at),
        "evidence": [_evidence(change, item) for item in change.evidence.all()],
        "corrects": change.corrects_id if change.corrects_id in ids else None,
        "correction_reason": change.correction_reason if change.corrects_id in ids else "",
        "corrected_by": corrected_by,
        "act": _act(change),
    }


def _act(change: StatusChange) -> OfficialActRecord | None:
    """The public act the change was confirmed from, with the passage quoted; None if the
    change was recorded by hand."""
    try:
        proposal = change.act_proposal
    except ObjectDoesNotExist:
        return None
    act = proposal.act
    return {
        "kind": cast(ActKindCode, act.kind),
        "reference": act.reference,
        "title": act.title,
        "date": _iso(act.decided_on),
        "url": act.url,
        "quote": proposal.quote,
    }


def _evidence(change: StatusChange, item: Evidence) -> EvidenceRecord:
    document: EvidenceDocument | None = None
    if item.document:
        name = item.document.name or ""
        # A name of our own: the uploaded file's name stays on the platform.
        document = {
            "path": f"documents/evidence/{change.pk}-{item.pk}.{name.rsplit('.', 1)[-1].lower()}",
            "source": name,
        }
    return {
        "kind": cast(EvidenceKindCode, item.kind),
        "title": item.title,
        "url": item.url,
        "note": item.note,
        "document": document,
        "dated": _iso(item.dated),
    }


def tracker_of(data: Publication) -> TrackerRecord:
    """The record's tracker, for what is drawn only once results are recorded."""
    tracker = data.get("tracker")
    if tracker is None:
        raise ValueError("this record has no tracker: no election results are recorded")
    return tracker


def evidence_documents(data: Publication) -> list[EvidenceRecord]:
    """Every evidence item of the record that carries a document."""
    tracker = data.get("tracker")
    return [
        item
        for commitment in (tracker["commitments"] if tracker else [])
        for change in commitment["changes"]
        for item in change["evidence"]
        if item["document"]
    ]


def safe_url(url: str) -> str:
    """``url`` when it is an absolute http(s) address, else "" (checked again at render
    time: the record may come from elsewhere than our forms)."""
    parts = urlsplit(url or "")
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


# --- the pages -------------------------------------------------------------------------


def _get(mapping: Mapping[K, V], key: K | None) -> V | None:
    """``mapping.get(key)``, for a key that may be null in the record (no official…)."""
    return None if key is None else mapping.get(key)


def status_label(code: str) -> str:
    return str(dict(CommitmentStatus.choices).get(code, code))


def reason_label(code: str) -> str:
    return str(dict(Reason.choices).get(code, code))


def status_counts(commitments: list[TrackedRecord]) -> list[dict[str, Any]]:
    """The meter: every status, in order, with its count and share (zeros included)."""
    counts, total = Counter(c["status"] for c in commitments), len(commitments) or 1
    return [
        {"code": code, "label": status_label(code), "count": n, "percent": round(100 * n / total)}
        for code, n in ((code, counts[code]) for code in STATUSES)
    ]


class TrackerPages:
    """The contexts of the tracker's pages in one language (``site`` is its SitePages)."""

    def __init__(self, site: SitePages) -> None:
        self.site, self.tracker = site, tracker_of(site.data)
        self.themes = {t["title"]: t for t in site.data["themes"]}
        self.officials = {o["id"]: o for o in self.tracker["officials"]}
        self.lists = {c["slug"]: c for c in site.data["candidates"]}
        self.questions = {q["number"]: q for q in site.data["questions"]}

    def common(self, depth: int, page: str) -> dict[str, Any]:
        mandate = self.tracker["mandate"]
        return {
            **self.site.common(depth, page, "tracker"),
            "tracker_root": "../" * (depth - 2),
            "mandate": {**mandate, "start": when(mandate["start"]), "end": when(mandate["end"])},
        }

    def item(self, commitment: TrackedRecord) -> dict[str, Any]:
        return {
            **commitment,
            "status_label": status_label(commitment["status"]),
            "list_entry": self.lists.get(commitment["list"]),
            "official_entry": _get(self.officials, commitment["official"]),
            "theme_entry": self.themes.get(commitment["theme"]),
            "question_entry": _get(self.questions, commitment["question"]),
            "expected": commitment["expected_label"] or when(commitment["expected_by"]),
        }

    def listing(self, commitments: list[TrackedRecord]) -> dict[str, Any]:
        return {
            "meter": status_counts(commitments),
            "total": len(commitments),
            "items": [self.item(c) for c in commitments],
        }

    def index(self) -> dict[str, Any]:
        commitments = self.tracker["commitments"]
        themes = {c["theme"] for c in commitments}
        slugs = dict.fromkeys(c["list"] for c in commitments)
        return {
            **self.common(2, "tracker/index.html"),
            **self.listing(commitments),
            "filters": {
                "themes": [t for t in self.site.data["themes"] if t["title"] in themes],
                "officials": self.tracker["officials"],
                "lists": [self.lists[s] for s in slugs if s in self.lists],
            },
            "corrections": self.corrections(commitments),
        }

    def filtered(self, kind: str, key: Any) -> dict[str, Any]:
        """A theme's, an official's or a list's commitments: the filters without JavaScript.
        ``key`` is a theme's or an official's id, or a list's slug, as ``kind`` says."""
        filters: dict[str, tuple[Literal["theme", "official", "list"], dict[Any, str]]] = {
            "themes": ("theme", {t["id"]: t["title"] for t in self.site.data["themes"]}),
            "officials": ("official", {o["id"]: o["name"] for o in self.tracker["officials"]}),
            "lists": ("list", {c["slug"]: c["name"] for c in self.site.data["candidates"]}),
        }
        field, names = filters[kind]
        value = names[key] if kind == "themes" else key
        chosen = [c for c in self.tracker["commitments"] if c[field] == value]
        return {
            **self.common(3, f"tracker/{kind}/{key}.html"),
            **self.listing(chosen),
            "kind": kind,
            "name": names[key],
            "official": self.officials.get(key) if kind == "officials" else None,
            "list_entry": self.lists.get(key) if kind == "lists" else None,
        }

    def corrections(self, commitments: list[TrackedRecord]) -> list[dict[str, Any]]:
        """The public corrections log: every published change that corrects another."""
        log = [
            {"commitment": commitment, "change": self.change_view(change, by_id)}
            for commitment in commitments
            for by_id in [{change["id"]: change for change in commitment["changes"]}]
            for change in commitment["changes"]
            if change["corrects"] is not None
        ]
        return sorted(log, key=lambda e: e["change"]["published_at"] or "", reverse=True)

    def change_view(self, change: ChangeRecord, changes: dict[int, ChangeRecord]) -> dict[str, Any]:
        correction = _get(changes, change["corrected_by"])
        corrected = _get(changes, change["corrects"])
        return {
            **change,
            "status_label": status_label(change["status"]),
            "reason_label": reason_label(change["reason"]),
            "date": when(change["happened_on"]),
            "published": when(change["published_at"]),
            "correction": correction,
            "corrected_on": when(correction["published_at"]) if correction else "",
            "corrected_entry": self.change_view(corrected, {}) if corrected else None,
            "evidence": [self.evidence_view(item) for item in change["evidence"]],
            "act": self.act_view(change["act"]),
        }

    def act_view(self, act: OfficialActRecord | None) -> dict[str, Any] | None:
        if act is None:
            return None
        label = dict(ActKind.choices).get(act["kind"], act["kind"])
        return {
            **act,
            "kind_label": str(label),
            "href": safe_url(act["url"]),
            "when": when(act["date"]),
        }

    def evidence_view(self, item: EvidenceRecord) -> dict[str, Any]:
        document = item["document"]
        path = document["path"] if document is not None else ""
        return {
            **item,
            "href": safe_url(item["url"]),
            "download": path if path and path in self.site.extras.evidence else "",
            "date": when(item["dated"]),
        }

    def commitment(self, slug: str) -> dict[str, Any]:
        commitment = next(c for c in self.tracker["commitments"] if c["slug"] == slug)
        changes = {change["id"]: change for change in commitment["changes"]}
        timeline = [self.change_view(change, changes) for change in commitment["changes"]]
        acts = [entry for entry in timeline if entry["act"] is not None]
        return {
            **self.common(2, f"tracker/{slug}.html"),
            "c": self.item(commitment),
            "timeline": timeline,
            # The official acts behind the statuses, in the order the city took them.
            "acts": sorted(acts, key=lambda entry: entry["act"]["date"] or ""),
            "corrections": self.corrections([commitment]),
        }


def tracker_pages(
    data: Publication, site: SitePages
) -> dict[str, tuple[str, Callable[[], dict[str, Any]]]]:
    """Path (inside the language folder) → (template, context) of every tracker page."""
    tracker = data.get("tracker")
    if not tracker:
        return {}
    pages, template = TrackerPages(site), "publishing/site/tracker_{}.html".format
    found: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
        "tracker/index.html": (template("index"), pages.index)
    }
    for slug in (c["slug"] for c in tracker["commitments"]):
        found[f"tracker/{slug}.html"] = (template("commitment"), partial(pages.commitment, slug))
    keys: dict[str, set[Any]] = {  # ids, or slugs for the lists
        "themes": {t["id"] for t in data["themes"]},
        "officials": set(pages.officials),
        "lists": {c["list"] for c in tracker["commitments"]} & set(pages.lists),
    }
    for kind, values in keys.items():
        for key in sorted(values):
            found[f"tracker/{kind}/{key}.html"] = (
                template("list"),
                partial(pages.filtered, kind, key),
            )
    return found


# --- the Atom feed ---------------------------------------------------------------------

# Characters XML 1.0 cannot carry (a control character typed into a note would make the
# feed unreadable): dropped.
_NOT_XML = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _urn(*parts: Any) -> str:
    return uuid.uuid5(FEED_NAMESPACE, "/".join(str(part) for part in parts)).urn


def _sub(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text:
        element.text = str(text).translate(_NOT_XML)
    return element


def feed_xml(data: Publication, lang: str, site_url: str | None = None) -> bytes:
    """``<lang>/tracker/feed.xml``: the published status changes, newest first (Atom 1.0).
    Call it in the feed's language (``translation.override``)."""
    tracker, campaign = tracker_of(data), data["campaign"]
    base = f"{site_url.rstrip('/')}/{lang}/tracker/" if site_url else ""
    fictitious = tracker["mandate"]["hypothetical"]
    mark = f"[{_('Fictitious results (demonstration)')}] " if fictitious else ""
    entries = sorted(_feed_entries(tracker), key=lambda e: e["updated"], reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": lang})
    _sub(feed, "id", _urn(campaign["slug"], lang, "tracker"))
    _sub(
        feed,
        "title",
        mark + _("%(campaign)s: commitment tracker") % {"campaign": campaign["title"]},
    )
    _sub(feed, "updated", entries[0]["updated"] if entries else data["generated_at"])
    _sub(_sub(feed, "author"), "name", campaign["association"])
    _sub(feed, "link", rel="alternate", type="text/html", href=base + "index.html")
    if site_url:
        _sub(feed, "link", rel="self", type="application/atom+xml", href=base + "feed.xml")
    for entry in entries:
        item = _sub(feed, "entry")
        _sub(item, "id", _urn(campaign["slug"], lang, "tracker", "changes", entry["id"]))
        _sub(item, "title", mark + entry["title"])
        _sub(item, "updated", entry["updated"])
        _sub(item, "link", rel="alternate", type="text/html", href=base + entry["href"])
        _sub(item, "summary", entry["summary"], type="text")
    body = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _feed_entries(tracker: TrackerRecord) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for commitment in tracker["commitments"]:
        changes = {change["id"]: change for change in commitment["changes"]}
        for change in commitment["changes"]:
            status = status_label(change["status"])
            found.append(
                {
                    "id": change["id"],
                    "title": _("%(commitment)s: %(status)s")
                    % {"commitment": commitment["title"], "status": status},
                    "updated": change["published_at"] or f"{change['happened_on']}T00:00:00Z",
                    "href": f"{commitment['slug']}.html#change-{change['id']}",
                    "summary": "\n".join(_summary(change, _get(changes, change["corrects"]))),
                }
            )
    return found


def _summary(change: ChangeRecord, corrected: ChangeRecord | None) -> list[str]:
    status, date = status_label(change["status"]), when(change["happened_on"])
    lines = [_("%(status)s on %(date)s.") % {"status": status, "date": date}]
    if change["reason"]:
        lines.append(_("Reason: %(reason)s.") % {"reason": reason_label(change["reason"])})
    lines += [text for text in (change["reason_note"], change["note"]) if text]
    if corrected is not None:
        date = when(corrected["happened_on"])
        reason = change["correction_reason"]
        lines.append(
            _("Corrects the entry of %(date)s: %(reason)s") % {"date": date, "reason": reason}
        )
    if change["corrected_by"] is not None:
        lines.append(_("This entry was corrected later."))
    return lines
