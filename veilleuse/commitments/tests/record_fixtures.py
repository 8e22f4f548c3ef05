"""Fictitious public records in the documented shapes (SCDL Délibérations 2.1, SCDL
Subventions 2.1, Paris's ``subventions-associations-votees-`` through the Opendatasoft
Explore API v2.1, an order as a PDF), and a loopback HTTP server that serves them.

Every reference, name and SIRET here is invented ("DÉMO"): no act is attributed to a real
person or organisation. The server binds 127.0.0.1 only and serves what it is given.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DELIBERATIONS_HEADER = (
    "COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,"
    "DELIB_OBJET,BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,"
    "VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,DELIB_URL"
)
DELIBERATIONS_CSV = (
    DELIBERATIONS_HEADER
    + "\n"
    + "Ville Démo,00000000000000,2027 DÉMO-DSP 14,2027-03-15,7.5,Action sociale,"
    "\"Création d'un centre de santé communautaire pour les travailleuses du sexe "
    "dans le 20e arrondissement. Subvention (88.000 euros) à l'association DÉMO Santé "
    'Communautaire (20e)",2027,Budget principal,,,163,150,120,25,5,'
    "https://deliberations.example.org/2027-demo-dsp-14\n"
    + "Ville Démo,00000000000000,2027 DÉMO-DVD 3,2027-03-16,8.3,Voirie,"
    '"Réfection des trottoirs de la rue des Exemples (11e)",2027,Budget principal,,,'
    "163,150,140,10,0,https://deliberations.example.org/2027-demo-dvd-3\n"
)
SUBSIDIES_CSV = (
    "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,"
    "idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,"
    "datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide\n"
    "Ville Démo,00000000000000,2027-04-02,2027 DÉMO-DASES 41,DÉMO Santé Communautaire,"
    "00000000000123,W000000000,Permanences de santé communautaire,88000,aide en numéraire,"
    "unique,2027-05-01,,non,1,\n"
    "Ville Démo,00000000000000,2027-04-02,2027 DÉMO-DJS 7,Club Démo de Quartier,"
    "00000000000456,,Fonctionnement du club,1500.50,aide en numéraire,unique,2027-05-01,,non,1,\n"
)


def paris_record(number: int, **more: Any) -> dict[str, Any]:
    """One record as the Explore API serves ``subventions-associations-votees-``."""
    return {
        "numero_de_dossier": f"DÉMO-{number:05d}",
        "annee_budgetaire": "2027",
        "collectivite": "Ville Démo",
        "nom_beneficiaire": f"Association Démo n° {number}",
        "numero_siret": f"{number:014d}",
        "objet_du_dossier": "Fonctionnement annuel",
        "montant_vote": 1000 + number,
        "direction": "DÉMO",
        "nature_de_la_subvention": "Fonctionnement",
        "secteurs_d_activites_definies_par_l_association": "Social",
        **more,
    }


ORDER_LINES = [
    "PRÉFECTURE DE POLICE — VILLE DÉMO (document fictif)",
    "Arrêté n° 2027 DÉMO 00042 du 12 mai 2027",
    "abrogeant l'arrêté conjoint réglementant la circulation et le stationnement",
    "dans le bois de Démo.",
    "Article 1 : L'arrêté conjoint relatif au bois de Démo est abrogé.",
]


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica, WinAnsi): enough for pdfminer."""

    def escape(text: str) -> bytes:
        raw = text.encode("cp1252")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = (
        b"BT /F1 11 Tf 50 780 Td 14 TL "
        + b" ".join(b"(" + escape(line) + b") Tj T*" for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@contextmanager
def english() -> Iterator[None]:
    """Messages in English for the test, then the thread's language exactly as it was (an
    ``override`` would leave French active afterwards, the site's default)."""
    from django.utils import translation
    from django.utils.translation import trans_real

    before = getattr(trans_real._active, "value", None)
    translation.activate("en")
    try:
        yield
    finally:
        if before is None:
            translation.deactivate()
        else:
            trans_real._active.value = before


Reply = tuple[int, str, bytes]


@dataclass
class Loopback:
    """What the server answers: ``routes`` maps a path to a reply or to a function of the
    query; ``requests`` logs every path+query asked."""

    routes: dict[str, Reply | Callable[[dict[str, list[str]]], Reply]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def explore_api(records: list[dict[str, Any]]) -> Callable[[dict[str, list[str]]], Reply]:
    """The records endpoint of the Explore API v2.1: ``limit`` (at most 100) records from
    ``offset``, with ``total_count``; a limit over 100 is refused as the API does (400)."""

    def answer(query: dict[str, list[str]]) -> Reply:
        limit = int(query.get("limit", ["10"])[0])
        offset = int(query.get("offset", ["0"])[0])
        if limit > 100 or offset + limit > 10_000:
            error = {"error_code": "InvalidRESTParameterError", "message": "Invalid limit"}
            return 400, "application/json", json.dumps(error).encode()
        page = {"total_count": len(records), "results": records[offset : offset + limit]}
        return 200, "application/json; charset=utf-8", json.dumps(page).encode()

    return answer


@contextmanager
def loopback(routes: dict[str, Any]) -> Iterator[Loopback]:
    state = Loopback(routes=dict(routes))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            state.requests.append(self.path)
            reply = state.routes.get(parts.path, (404, "text/plain", b"not found"))
            status, kind, body = reply(parse_qs(parts.query)) if callable(reply) else reply
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet tests
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# The Conseil de Paris's publications, in their shape ("2019 DASES 137 - Subvention (95.250
# euros) …" on paris.fr's archive of debates), with invented directions ("DÉMO…") and names.
COUNCIL_MINUTES_LINES = [
    "VILLE DÉMO — document fictif, aucune délibération réelle",
    "Compte rendu sommaire de la séance des 13, 14 et 15 mai 2027",
    "2027 DEMOSP 14 - Subvention (88.000 euros) à l'association DÉMO Santé Communautaire (20e).",
    "Adopté à main levée.",
    "2027 DEMOASES 123 - Subvention (12.500 euros) à l'association Club Démo de Quartier (18e)",
    "pour l'accueil de jour des femmes.",
    "Scrutin public : Pour : 95, Contre : 40, Abstentions : 3. Adopté.",
    "2027 DEMOVD 3 - Fermeture à la circulation de l'allée des Exemples (16e).",
    "Rejeté.",
    "Page 1 / 1",
]
COUNCIL_AGENDA_HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Ordre du jour (fictif)</title></head><body>
<h1>Conseil Démo — ordre du jour de la séance du 7 juillet 2027 (document fictif)</h1>
<ul>
<li>2027 DEMOSP 20 : Subvention (4.000 euros) à l'association Entraide Démo (11e).</li>
<li>2027 DEMOAC 7 - Convention d'occupation du square des Exemples, prolongeant la
délibération 2026 DEMOAC 2 (3e).</li>
</ul>
<footer>Publié par la Ville Démo</footer>
</body></html>
"""


def reportlab_pdf(lines: list[str]) -> bytes:
    """A PDF as office software writes one (reportlab, standard Helvetica), one line each."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for number, line in enumerate(lines):
        page.drawString(40, 800 - 16 * number, line)
    page.save()
    return out.getvalue()
