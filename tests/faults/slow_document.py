"""A reply long enough that reading it keeps a worker busy for seconds: a PDF of many pages
(pdfminer lays out every character), numbered like the seed."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def slow_pdf(pages: int = 60) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for page in range(pages):
        text = pdf.beginText(40, 800)
        text.textLine(f"{page + 1}) Seriez-vous favorable à la mesure numéro {page + 1} ?")
        for line in range(60):
            text.textLine(f"Oui, nous nous engageons à la financer d'ici 2027, ligne {line}.")
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
