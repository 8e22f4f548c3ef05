"""The draft complaint letter to the procureur de la République, from a report.

The letter is a French legal document, whatever the interface language of the person who
generates it, so its wording is French here on purpose and not a translatable string:
a translation could not be sent. It is a draft for the legal worker and the partner
lawyer to edit (``LegalCase.complaint_text``), never sent by the platform.

- The facts come from the report, decrypted: date, time of day, zone and place, what
  happened, the account in the author's words, the aggressor's description and the
  identifiers **in the clear** (this is the legal file, not a broadcast).
- The legal basis is a list of hints, with "qualification à préciser par l'avocat·e":
  the platform does not qualify offences.
- The complainant's identity is left as placeholders and never filled from the platform:
  members are pseudonymous, and the association does not hold their civil identity.

``complaint_pdf(text)`` lays the (edited) text out as a PDF with ReportLab.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from veilleuse.alerts.models import Report

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
KINDS = {
    "physical": "des violences physiques",
    "sexual": "des violences sexuelles",
    "theft": "un vol",
    "non_payment": "un refus de payer la prestation convenue",
    "threats": "des menaces",
    "harassment": "du harcèlement",
    "stealthing": "le refus ou le retrait du préservatif sans mon consentement",
    "police": "un harcèlement de la part de fonctionnaires de police",
    "other": "d’autres faits décrits ci-dessous",
}
BASES = {
    "physical": "violences volontaires (articles 222-11 et 222-13 du Code pénal)",
    "sexual": ("agression sexuelle ou viol (articles 222-22, 222-22-1 et 222-23 du Code pénal)"),
    "theft": "vol, le cas échéant avec violence (articles 311-1 et 311-4 du Code pénal)",
    "threats": "menaces (articles 222-17 et 222-18 du Code pénal)",
    "harassment": "harcèlement (article 222-33-2-2 du Code pénal)",
    "stealthing": (
        "retrait ou refus du préservatif sans consentement : selon les faits, agression "
        "sexuelle ou viol (articles 222-22 et 222-23 du Code pénal)"
    ),
    "non_payment": "le cas échéant, extorsion ou escroquerie (articles 312-1 et 313-1)",
    "police": (
        "le cas échéant, violences par personne dépositaire de l’autorité publique "
        "(article 222-13, 7°, du Code pénal)"
    ),
}
MOMENTS = {
    "morning": "le matin",
    "afternoon": "l’après-midi",
    "evening": "le soir",
    "night": "la nuit",
}
PLACEHOLDER = "[à compléter]"
FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)


def french_date(day: date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def _facts(report: Report) -> list[str]:
    when = f"Le {french_date(report.occurred_on)}"
    if report.time_of_day in MOMENTS:
        when += f", {MOMENTS[report.time_of_day]}"
    where = report.zone.name if report.zone else PLACEHOLDER
    if report.place:
        where += f" ({report.place})"
    kinds = [KINDS.get(kind, KINDS["other"]) for kind in report.kinds] or [KINDS["other"]]
    lines = [f"{when}, à {where}, j’ai été victime de {', '.join(kinds)}."]
    if report.description:
        lines += ["", "Les faits, tels que je les ai rapportés :", report.description]
    if report.aggressor:
        lines += ["", "Description de l’auteur des faits :", report.aggressor]
    identifiers = list(report.identifiers.all())
    if identifiers:
        lines += ["", "Éléments permettant d’identifier l’auteur :"]
        labels = {"phone": "numéro de téléphone", "plate": "plaque d’immatriculation"}
        lines += [f"– {labels.get(i.kind, i.kind)} : {i.value}" for i in identifiers]
    return lines


def complaint_draft(report: Report, *, today: date) -> str:
    """The letter as editable plain text, in French."""
    bases = [BASES[kind] for kind in dict.fromkeys(report.kinds) if kind in BASES]
    lines = [
        f"{PLACEHOLDER} Prénom NOM",
        f"{PLACEHOLDER} Adresse (ou domiciliation auprès de l’association ou de l’avocat·e)",
        "",
        "Madame, Monsieur le Procureur de la République",
        f"Tribunal judiciaire de {PLACEHOLDER}",
        "",
        f"{PLACEHOLDER}, le {french_date(today)}",
        "",
        "Lettre recommandée avec accusé de réception",
        "Objet : plainte",
        "",
        "Madame, Monsieur le Procureur de la République,",
        "",
        "J’ai l’honneur de porter plainte contre X, ou contre toute personne que l’enquête "
        "permettra d’identifier, pour les faits suivants.",
        "",
        *_facts(report),
        "",
        "Ces faits pourraient relever des qualifications suivantes (qualification à préciser "
        "par l’avocat·e) :",
        *([f"– {basis}" for basis in bases] or [f"– {PLACEHOLDER}"]),
        "",
        "Je tiens à votre disposition tout élément utile et je demande à être informé·e des "
        "suites données à cette plainte. Je me réserve la possibilité de me constituer "
        "partie civile.",
        "",
        "Je vous prie d’agréer, Madame, Monsieur le Procureur de la République, "
        "l’expression de ma haute considération.",
        "",
        f"{PLACEHOLDER} Signature",
        "",
        f"Pièces jointes : {PLACEHOLDER}",
    ]
    return "\n".join(lines)


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONT_FILES:
        if path.exists():
            if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVuSans", str(path)))
            return "DejaVuSans"
    return "Helvetica"  # Latin-1 only: other scripts show as empty boxes


def complaint_pdf(text: str) -> bytes:
    """The letter as an A4 PDF; no author or title metadata that could name anyone."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    style = ParagraphStyle("letter", fontName=_font(), fontSize=11, leading=15)
    story = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            story.append(Paragraph(escape(line), style))
        else:
            story.append(Spacer(1, 8))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title="Plainte",
        author="",
        creator="",
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue()
