"""Regenerate tests/fixtures/documents/ from the seed questionnaire, with real tools.

Run with ``.venv/bin/python scripts/make_fixtures.py``. Needs python-docx and LibreOffice
(``soffice``) and poppler's ``pdftoppm``. The generated files are committed so that the tests
and CI never need LibreOffice; run this again only when the seed or a fixture recipe changes.

LibreOffice stamps its own creation dates and document ids into the ODT, PDF and HTML files, so
those bytes change from run to run; their text does not. Everything written by this script
itself (docx, eml, txt, md, binary) is byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import tempfile
import textwrap
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
import docx.shared
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "demo" / "questionnaire-tds-paris-2026-gregoire.txt"
OUT = ROOT / "tests" / "fixtures" / "documents"

FIXED_DATE = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
ZIP_DATE = (2026, 1, 15, 9, 30, 0)
URL_IN_BRACKETS = re.compile(r"<(https?://[^>\s]+)>")
QUESTION = re.compile(r"^- \d+\)")
# What a soft-wrapped markdown line must not start with, or the reader would split there.
LIST_MARKER = re.compile(r"^(?:[-*•] |\d{1,3}[.)]|Q\d|Question \d)", re.IGNORECASE)
# latin-1 has no room for these; only the latin-1 variant gets them replaced.
LATIN1_REPLACEMENTS = {"’": "'", "‘": "'", "œ": "oe", "Œ": "OE", "…": "...", "–": "-", "—": "-"}
PDF_PASSWORD = "veilleuse"
# First page only, 60 dpi, black and white: a small, legible "scan".
PDFTOPPM_OPTIONS = ["pdftoppm", "-r", "60", "-mono", "-png", "-singlefile", "-f", "1", "-l", "1"]


def seed_blocks(text: str) -> list[str]:
    """The seed's paragraphs: blocks separated by blank lines."""
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def block_kind(index: int, block: str) -> str:
    if index == 0:
        return "title"
    if QUESTION.match(block):
        return "question"
    if block.endswith(" :") and len(block) < 120:
        return "theme"
    return "body"


def add_hyperlink(paragraph: Paragraph, url: str) -> None:
    """Append a real Word hyperlink whose visible text is the URL itself."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    props.extend([color, underline])
    text = OxmlElement("w:t")
    text.text = url
    run.extend([props, text])
    link.append(run)
    paragraph._p.append(link)


def add_text_with_links(paragraph: Paragraph, block: str) -> None:
    position = 0
    for match in URL_IN_BRACKETS.finditer(block):
        paragraph.add_run(block[position : match.start()] + "<")
        add_hyperlink(paragraph, match.group(1))
        paragraph.add_run(">")
        position = match.end()
    paragraph.add_run(block[position:])


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member dates so that the docx is reproducible."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return buffer.getvalue()


def make_docx(blocks: list[str]) -> bytes:
    document = docx.Document()
    styles = {"title": "Heading 1", "theme": "Heading 2", "question": "List Paragraph"}
    for index, block in enumerate(blocks):
        paragraph = document.add_paragraph(style=styles.get(block_kind(index, block), "Normal"))
        add_text_with_links(paragraph, block)
    properties = document.core_properties
    properties.title = blocks[0]
    properties.author = "Veilleuse test fixtures"
    properties.last_modified_by = "Veilleuse test fixtures"
    properties.created = properties.modified = FIXED_DATE.replace(tzinfo=None)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def make_markdown(blocks: list[str]) -> str:
    """Headings with ``#``, bold question numbers, ``[url](url)`` links, wrapped at 88."""
    lines: list[str] = []
    for index, block in enumerate(blocks):
        kind = block_kind(index, block)
        text = URL_IN_BRACKETS.sub(lambda m: f"[{m.group(1)}]({m.group(1)})", block)
        if kind == "title":
            lines += [f"# {text}", ""]
        elif kind == "theme":
            lines += [f"## {text}", ""]
        else:
            if kind == "question":
                text = re.sub(r"^- (\d+\))", r"- **\1**", text)
            wrapped = textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)
            assert not any(LIST_MARKER.match(line) for line in wrapped[1:]), wrapped
            lines += [*wrapped, ""]
    return "\n".join(lines)


def make_attachment_email(docx_bytes: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "Campagne Emmanuel Grégoire <contact@campagne.example.org>"
    message["To"] = "questionnaire@strass.example.org"
    message["Subject"] = "Réponses au questionnaire TDS municipales Paris"
    message["Date"] = format_datetime(FIXED_DATE)
    message["Message-ID"] = "<seed-attachment@campagne.example.org>"
    message.set_content(
        "Bonjour,\n\nVeuillez trouver ci-joint nos réponses.\n\nL'équipe de campagne\n"
    )
    message.add_attachment(
        docx_bytes,
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="seed.docx",
    )
    message.set_boundary("==veilleuse-fixture-boundary==")
    return message.as_bytes()


def make_body_email(seed: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Campagne Emmanuel Grégoire <contact@campagne.example.org>"
    message["To"] = "questionnaire@strass.example.org"
    message["Subject"] = "Re: Questionnaire TDS municipales Paris"
    message["Date"] = format_datetime(FIXED_DATE)
    message["Message-ID"] = "<seed-body@campagne.example.org>"
    message.set_content(seed, charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


def image_only_docx(image: Path) -> bytes:
    document = docx.Document()
    document.add_picture(str(image), width=docx.shared.Cm(16))
    properties = document.core_properties
    properties.created = properties.modified = FIXED_DATE.replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def latin1_variant(seed: str) -> bytes:
    text = "".join(LATIN1_REPLACEMENTS.get(char, char) for char in seed)
    return text.encode("latin-1")


def binary_noise() -> bytes:
    generator = random.Random(20260115)
    noise = bytearray(generator.randrange(256) for _ in range(4096))
    noise[::64] = bytes(len(noise[::64]))  # NULs every 64 bytes, as in any binary format
    return bytes(noise)


def soffice(profile: Path, target: str, source: Path, outdir: Path) -> Path:
    """Run LibreOffice headless with a throwaway profile; return the file it wrote."""
    command = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    extension = target.split(":", 1)[0]
    produced = outdir / f"{source.stem}.{extension}"
    if not produced.exists():
        raise SystemExit(f"LibreOffice did not produce {produced}")
    return produced


def encrypted_pdf_filter() -> str:
    options = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        f'"DocumentOpenPassword":{{"type":"string","value":"{PDF_PASSWORD}"}}}}'
    )
    return f"pdf:writer_pdf_Export:{options}"


def make_office_fixtures(work: Path, docx_bytes: bytes) -> None:
    profile = work / "profile"
    source = work / "seed.docx"
    source.write_bytes(docx_bytes)
    for target, name in [("odt", "seed.odt"), ("pdf", "seed.pdf"), ("html", "seed.html")]:
        shutil.copy(soffice(profile, target, source, work / target), OUT / name)
    encrypted = soffice(profile, encrypted_pdf_filter(), source, work / "encrypted")
    shutil.copy(encrypted, OUT / "encrypted.pdf")
    # A scan: the first page of the seed PDF rasterised, placed alone in a Word document (this
    # LibreOffice has Writer only, no Draw to open a PNG) and exported to PDF, so the PDF holds
    # one image and no text layer at all.
    page = work / "page"
    subprocess.run(
        [*PDFTOPPM_OPTIONS, str(OUT / "seed.pdf"), str(page)],
        check=True,
        timeout=60,
    )
    scan_docx = work / "scan.docx"
    scan_docx.write_bytes(image_only_docx(page.with_suffix(".png")))
    shutil.copy(soffice(profile, "pdf", scan_docx, work / "scan"), OUT / "scan.pdf")


def main() -> None:
    seed = SEED.read_text(encoding="utf-8")
    blocks = seed_blocks(seed)
    OUT.mkdir(parents=True, exist_ok=True)
    docx_bytes = make_docx(blocks)
    (OUT / "seed.txt").write_bytes(seed.encode("utf-8"))
    (OUT / "seed.docx").write_bytes(docx_bytes)
    (OUT / "seed-bom.txt").write_bytes(b"\xef\xbb\xbf" + seed.encode("utf-8"))
    (OUT / "seed-cp1252.txt").write_bytes(seed.encode("cp1252"))
    (OUT / "seed-latin1.txt").write_bytes(latin1_variant(seed))
    (OUT / "seed.md").write_bytes(make_markdown(blocks).encode("utf-8"))
    (OUT / "seed.eml").write_bytes(make_attachment_email(docx_bytes))
    (OUT / "seed-body.eml").write_bytes(make_body_email(seed))
    (OUT / "empty.txt").write_bytes(b"")
    (OUT / "binary.bin").write_bytes(binary_noise())
    (OUT / "corrupt.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    with tempfile.TemporaryDirectory(prefix="veilleuse-fixtures-") as work:
        make_office_fixtures(Path(work), docx_bytes)
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>8}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
