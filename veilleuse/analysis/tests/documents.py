"""The document fixtures shared by the reader, segmenter and grader tests."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "documents"

# The seed saved in every format a reader handles (made by scripts/make_fixtures.py).
SEED_VARIANTS = [
    "seed-bom.txt",
    "seed-cp1252.txt",
    "seed-latin1.txt",
    "seed.md",
    "seed.docx",
    "seed.odt",
    "seed.pdf",
    "seed.html",
    "seed.eml",
    "seed-body.eml",
]
