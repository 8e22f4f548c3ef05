"""The alert's text in each of its languages, from per-kind templates (PRODUCT.md, pillar 2).

Moderators do not write alerts from scratch: they choose the kinds, the severity, the zones
and the languages, and the text is built from fixed, translated sentences, so that one
decision goes out at once in every language of the network. An alert reads::

    Alert: serious danger — theft or robbery, threats in Belleville (November 2026).
    Ask for payment first.
    Do not meet this person alone; tell someone where you are.
    Identifiers (masked): +33 6 •• •• •• 78
    Note from the association: ...

The staff's free text is the one part that is not a template: staff may give it in several
languages. A language without its own version gets the *original* free text — the first one
given, in the order of ``settings.LANGUAGES`` — under a label saying it is not translated.

Identifiers appear only masked (``Identifier.masked``), only when the alert says so, and never
the ones moderators redacted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from veilleuse.alerts.models import Alert, Report, ReportKind, Severity
from veilleuse.core.locales import language_name, list_text, month_text

HEADLINE = _("Alert: %(severity)s — %(kinds)s in %(zones)s (%(month)s).")
IDENTIFIERS = _("Identifiers (masked): %(identifiers)s")
NOTE = _("Note from the association: %(text)s")
NOTE_UNTRANSLATED = _("Note from the association (not translated, in %(language)s): %(text)s")

# One piece of advice per kind of aggression, shown after the headline.
ADVICE = {
    ReportKind.PHYSICAL: _("Do not get into this vehicle; do not follow this person."),
    ReportKind.SEXUAL: _("Do not go to a private place with this person."),
    ReportKind.THEFT: _("Keep your money and phone out of reach; do not meet alone."),
    ReportKind.NON_PAYMENT: _("Ask for payment first."),
    ReportKind.THREATS: _("Do not meet this person alone; tell someone where you are."),
    ReportKind.HARASSMENT: _("Do not answer; keep the messages as evidence."),
    ReportKind.STEALTHING: _("Check the condom; refuse if it is refused."),
    ReportKind.POLICE: _("Know your rights; contact the association after any check."),
    ReportKind.OTHER: _("Be careful and tell someone where you are."),
}


@dataclass(frozen=True)
class Draft:
    """What a text is made of: an alert's fields, saved or not yet (the preview)."""

    kinds: tuple[str, ...]
    severity: int
    zone_names: tuple[str, ...]
    occurred_on: date
    languages: tuple[str, ...]
    masked_identifiers: tuple[str, ...] = ()


def language_order(languages: Iterable[str]) -> list[str]:
    """``languages`` in the order of ``settings.LANGUAGES``, unknown ones dropped."""
    wanted = set(languages)
    return [code for code, _name in settings.LANGUAGES if code in wanted]


def original_free_text(free_texts: Mapping[str, str]) -> tuple[str, str]:
    """(language, text) of the first free text given, in the order of the languages."""
    for code in language_order(free_texts):
        text = (free_texts.get(code) or "").strip()
        if text:
            return code, text
    return "", ""


def isolate(value: str, language: str) -> str:
    """``value`` as it goes inside a sentence of ``language``. In a right-to-left language
    (Arabic), a zone's name, a plate or a note in French keeps its own direction: it is
    wrapped in Unicode first-strong isolates (U+2068 … U+2069), which SMS, e-mail and
    browsers all honour, so that "(Belleville, +33 6 •• 78)" is not reordered."""
    if not value or not translation.get_language_info(language)["bidi"]:
        return value
    return f"\u2068{value}\u2069"


def render_text(draft: Draft, language: str, free_texts: Mapping[str, str]) -> str:
    """One language's text; must run under ``translation.override(language)``."""
    kinds = [str(ReportKind(kind).label) for kind in draft.kinds if kind in ReportKind.values]
    lines = [
        str(HEADLINE)
        % {
            "severity": str(Severity(draft.severity).label),
            "kinds": list_text(kinds),
            "zones": isolate(list_text(draft.zone_names), language),
            "month": month_text(draft.occurred_on),
        }
    ]
    lines += [str(ADVICE[ReportKind(kind)]) for kind in draft.kinds if kind in ReportKind.values]
    if draft.masked_identifiers:
        identifiers = isolate(list_text(draft.masked_identifiers), language)
        lines.append(str(IDENTIFIERS) % {"identifiers": identifiers})
    own = (free_texts.get(language) or "").strip()
    if own:
        lines.append(str(NOTE) % {"text": isolate(own, language)})
    else:
        original_language, original = original_free_text(free_texts)
        if original:
            name = language_name(original_language, language=language)
            text = isolate(original, language)
            lines.append(str(NOTE_UNTRANSLATED) % {"language": name, "text": text})
    return "\n".join(lines)


def draft_texts(draft: Draft, free_texts: Mapping[str, str]) -> dict[str, str]:
    """The text in each of the draft's languages (in the order of ``settings.LANGUAGES``)."""
    texts = {}
    for language in language_order(draft.languages):
        with translation.override(language):
            texts[language] = render_text(draft, language, free_texts)
    return texts


def side_by_side(draft: Draft, first: str, second: str) -> list[tuple[str, str]]:
    """The alert's template lines in two languages, line by line: the moderator's reading aid
    for a report written in a language they do not read (what was ticked, and what the alert
    will say to the member, in both). No free text: only the translated templates."""
    texts = draft_texts(replace(draft, languages=(first, second)), {})
    lines = {code: texts.get(code, texts[first]).splitlines() for code in (first, second)}
    return list(zip(lines[first], lines[second], strict=True))


@dataclass(frozen=True)
class ReadingAid:
    """A report's alert templates in the moderator's language and in the member's."""

    staff_language: str
    member_language: str  # the language of the member's pages when she filed the report
    lines: list[tuple[str, str]]


def report_reading_aid(report: Report, staff_language: str) -> ReadingAid | None:
    """None when the moderator reads the report's own language."""
    if not report.language or report.language == staff_language:
        return None
    draft = Draft(
        kinds=tuple(report.kinds),
        severity=report.severity or Severity.LOW,
        zone_names=(report.zone.name,) if report.zone else (),
        occurred_on=report.occurred_on,
        languages=(),
    )
    lines = side_by_side(draft, staff_language, report.language)
    return ReadingAid(staff_language, report.language, lines)


def alert_draft(alert: Alert) -> Draft:
    """The saved alert's fields; the identifiers are those of its report not redacted."""
    masked: tuple[str, ...] = ()
    if alert.show_identifiers:
        identifiers = alert.report.identifiers.filter(redacted=False)
        masked = tuple(identifier.masked for identifier in identifiers)
    return Draft(
        kinds=tuple(alert.kinds),
        severity=alert.severity,
        zone_names=tuple(zone.name for zone in alert.zones.all()),
        occurred_on=alert.report.occurred_on,
        languages=tuple(alert.languages),
        masked_identifiers=masked,
    )


def alert_note_lines(alert: Alert) -> list[str]:
    """The lines of the alert's saved texts that no template wrote: the staff's free text,
    as it goes out in every language (an untranslated note included)."""
    draft = alert_draft(alert)
    lines: list[str] = []
    for text in alert.texts.all():
        with translation.override(text.language):
            template = set(render_text(draft, text.language, {}).splitlines())
        lines += [line for line in text.body.splitlines() if line not in template]
    return lines


def alert_texts(alert: Alert, free_texts: Mapping[str, str]) -> dict[str, str]:
    """The text of a saved alert in each of its languages."""
    return draft_texts(alert_draft(alert), free_texts)
