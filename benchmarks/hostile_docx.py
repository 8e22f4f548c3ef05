"""Hostile Word documents, generated (never committed): dense XML that compresses about 28:1,
below the zip-bomb ratio limit, the shape of the adversarial review's 7 MB / 199 MB file
(issue 12, finding 2). Used by tests/security/test_hostile_documents.py and ``make bench``.
"""

from __future__ import annotations

import io
import random
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body>"
)
TAIL = "</w:body></w:document>"
WORDS = [
    "nous",
    "engageons",
    "mesure",
    "budget",
    "ville",
    "logement",
    "transport",
    "école",
    "santé",
    "culture",
]


def _paragraph(rng: random.Random) -> str:
    # Many runs per paragraph: python-docx pays for every element, so this is the dense shape.
    runs = "".join(
        f"<w:r><w:t>{rng.choice(WORDS)}{rng.randrange(100)} </w:t></w:r>" for _ in range(8)
    )
    return f"<w:p>{runs}</w:p>"


def dense_docx(unpacked_bytes: int, *, seed: int = 12) -> bytes:
    """A .docx whose document.xml is about ``unpacked_bytes`` long, all short paragraphs."""
    rng = random.Random(seed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(HEAD.encode())
            written = len(HEAD)
            while written < unpacked_bytes:
                chunk = "".join(_paragraph(rng) for _ in range(200)).encode()
                part.write(chunk)
                written += len(chunk)
            part.write(TAIL.encode())
    return out.getvalue()
