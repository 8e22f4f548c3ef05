"""The document readers: every seed variant reads back as the seed, bad input fails clearly."""

from __future__ import annotations

import contextlib
import io
import re
import struct
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veilleuse.analysis.document import (
    AnalysisError,
    Document,
    Paragraph,
    UnreadableDocument,
    UnsupportedFormat,
)
from veilleuse.analysis.readers import (
    DEFAULT_MAX_BYTES,
    READERS,
    detect_format,
    read_bytes,
    read_document,
    register,
)
from veilleuse.analysis.readers.pdf import _join_lines, _Vocabulary
from veilleuse.analysis.tests.documents import FIXTURES, SEED_VARIANTS

STRUCTURED_VARIANTS = ["seed.md", "seed.docx", "seed.odt", "seed.pdf", "seed.html", "seed.eml"]
THEMES = [
    "Droit et accès à l'accompagnement sanitaire et social :",
    "Droit à la sécurité et lutte contre les violences :",
    "Droit au travail et lutte contre le harcèlement et la discrimination :",
    "Droits des étrangers, migration et traite :",
]
# What scripts/make_fixtures.py replaces in the latin-1 variant (latin-1 has no room for them).
LATIN1_REPLACEMENTS = {"’": "'", "‘": "'", "œ": "oe", "Œ": "OE", "…": "...", "–": "-", "—": "-"}


@pytest.fixture(scope="module")
def seed() -> Document:
    return read_document(FIXTURES / "seed.txt")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def texts(document: Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def expected_texts(seed: Document, variant: str) -> list[str]:
    if variant != "seed-latin1.txt":
        return texts(seed)
    table = str.maketrans(LATIN1_REPLACEMENTS)
    return [text.translate(table) for text in texts(seed)]


# --- The seed, in every format --------------------------------------------------------------


def test_the_seed_text_has_ten_numbered_questions_in_four_themes(seed: Document) -> None:
    questions = [text for text in texts(seed) if re.match(r"- \d+\) ", text)]
    assert [q.split(")")[0] for q in questions] == [f"- {n}" for n in range(1, 11)]
    assert all(theme in texts(seed) for theme in THEMES)
    assert texts(seed)[0] == "Questionnaire TDS municipales Paris"


@pytest.mark.parametrize("variant", SEED_VARIANTS)
def test_every_variant_reads_back_as_the_same_paragraphs_as_the_seed(
    seed: Document, variant: str
) -> None:
    document = read_document(FIXTURES / variant)

    assert texts(document) == expected_texts(seed, variant)


@pytest.mark.parametrize("variant", SEED_VARIANTS)
def test_every_variant_keeps_the_ten_question_paragraphs_verbatim(
    seed: Document, variant: str
) -> None:
    questions = [text for text in expected_texts(seed, variant) if re.match(r"- \d+\)", text)]
    document_texts = texts(read_document(FIXTURES / variant))

    assert len(questions) == 10
    for question in questions:
        assert question in document_texts


@pytest.mark.parametrize("variant", SEED_VARIANTS)
def test_every_variant_has_the_seed_text_modulo_whitespace(seed: Document, variant: str) -> None:
    expected = "".join(expected_texts(seed, variant))

    assert squeeze(read_document(FIXTURES / variant).text) == squeeze(expected)


@pytest.mark.parametrize("variant", [*SEED_VARIANTS, "seed.txt"])
def test_the_sentence_split_by_a_blank_line_stays_two_paragraphs(variant: str) -> None:
    document_texts = texts(read_document(FIXTURES / variant))
    first = next(i for i, text in enumerate(document_texts) if text.endswith("à Genève afin"))

    assert document_texts[first + 1].startswith("qu'une délégation puisse rencontrer")


@pytest.mark.parametrize("variant", [*SEED_VARIANTS, "seed.txt"])
def test_links_survive_in_every_variant(variant: str) -> None:
    text = read_document(FIXTURES / variant).text

    assert "<https://casaxochiquetzal.org/>" in text
    assert "<https://projet-jasmine.org/>" in text
    assert "<https://www.youtube.com/watch?v=l-k-7h9dEjs>" in text


@pytest.mark.parametrize("variant", STRUCTURED_VARIANTS)
def test_structured_formats_mark_the_title_and_themes_as_headings(variant: str) -> None:
    headings = [p.text for p in read_document(FIXTURES / variant).paragraphs if p.heading]

    assert headings == ["Questionnaire TDS municipales Paris", *THEMES]


def test_plain_text_has_no_headings(seed: Document) -> None:
    assert not any(paragraph.heading for paragraph in seed.paragraphs)


@pytest.mark.parametrize(
    ("variant", "format"),
    [
        ("seed.txt", "txt"),
        ("seed-cp1252.txt", "txt"),
        ("seed.md", "md"),
        ("seed.docx", "docx"),
        ("seed.odt", "odt"),
        ("seed.pdf", "pdf"),
        ("seed.html", "html"),
        ("seed-body.eml", "eml"),
    ],
)
def test_each_variant_is_read_by_its_own_reader(variant: str, format: str) -> None:
    document = read_document(FIXTURES / variant)

    assert (document.format, document.name, document.attachment) == (format, variant, "")


def test_an_email_with_an_attached_document_reads_the_attachment() -> None:
    document = read_document(FIXTURES / "seed.eml")

    assert document.format == "docx"
    assert document.attachment == "seed.docx"
    assert document.name == "seed.eml"
    assert document.metadata["container"] == "eml"
    assert document.metadata["subject"] == "Réponses au questionnaire TDS municipales Paris"
    assert "contact@campagne.example.org" in document.metadata["from"]
    assert "Veuillez trouver ci-joint" not in document.text


def test_an_email_without_attachment_keeps_subject_and_sender() -> None:
    document = read_document(FIXTURES / "seed-body.eml")

    assert document.metadata["subject"] == "Re: Questionnaire TDS municipales Paris"
    assert "Grégoire" in document.metadata["from"]
    assert "container" not in document.metadata


@pytest.mark.parametrize(
    ("variant", "format"),
    [
        ("seed.docx", "docx"),
        ("seed.odt", "odt"),
        ("seed.pdf", "pdf"),
        ("seed.html", "html"),
        ("seed.eml", "eml"),
        ("seed-body.eml", "eml"),
        ("seed-cp1252.txt", "txt"),
        ("seed.txt", "txt"),
    ],
)
def test_a_file_without_a_known_extension_is_recognised_by_its_content(
    variant: str, format: str
) -> None:
    data = (FIXTURES / variant).read_bytes()

    assert detect_format(data, "reponses-campagne") == format
    assert read_bytes(data, "reponses.bak").paragraphs


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "error", "words"),
    [
        ("empty.txt", UnreadableDocument, ["empty.txt", "empty"]),
        ("binary.bin", UnsupportedFormat, ["binary.bin", ".docx", ".pdf", ".eml", ".txt"]),
        ("encrypted.pdf", UnreadableDocument, ["encrypted.pdf", "password"]),
        ("corrupt.docx", UnreadableDocument, ["corrupt.docx", "damaged"]),
        ("scan.pdf", UnreadableDocument, ["scan.pdf", "no text layer", "scan"]),
    ],
)
def test_bad_input_fixtures_fail_with_one_clear_sentence(
    fixture: str, error: type[AnalysisError], words: list[str]
) -> None:
    with pytest.raises(error) as raised:
        read_document(FIXTURES / fixture)

    message = str(raised.value)
    assert type(raised.value) is error
    assert all(word in message for word in words), message
    assert message.endswith(".")
    assert "\n" not in message
    assert "Traceback" not in message
    assert "Error" not in message


def test_binary_bytes_in_a_text_file_are_refused_as_binary() -> None:
    data = (FIXTURES / "binary.bin").read_bytes()

    with pytest.raises(UnreadableDocument, match="binary file, not a text document"):
        read_bytes(data, "reponses.txt")


def test_a_text_file_with_only_blank_lines_has_no_text() -> None:
    with pytest.raises(UnreadableDocument, match=r"blank\.txt contains no text"):
        read_bytes(b" \n\t\n\xc2\xa0\n", "blank.txt")


def test_a_docx_that_is_a_truncated_zip_is_damaged() -> None:
    with pytest.raises(UnreadableDocument, match="damaged"):
        read_bytes(b"PK\x03\x04" + b"\x00" * 40, "answers.docx")


def test_a_file_over_the_limit_is_refused_from_its_size_without_being_read(
    tmp_path: Path,
) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024)  # sparse: no disk space, no memory

    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument) as raised:
            read_document(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(raised.value) == "huge.pdf is 25 MB, more than the 20 MB limit."
    assert peak < 1024 * 1024


def test_bytes_over_the_limit_are_refused_with_size_and_limit() -> None:
    with pytest.raises(UnreadableDocument, match=r"is 2 MB, more than the 1 MB limit"):
        read_bytes(b"a" * (2 * 1024 * 1024), "big.txt", max_bytes=1024 * 1024)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_an_unknown_extension_with_unrecognisable_content_is_unsupported() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4

    with pytest.raises(UnsupportedFormat, match=r"photo\.png is not a kind of document.*\.odt"):
        read_bytes(png, "photo.png")


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match=r"^nowhere\.docx does not exist\.$"):
        read_document(tmp_path / "nowhere.docx")


def test_a_directory_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="is not a file"):
        read_document(tmp_path)


def patch_declared_size(data: bytes, size: int) -> bytes:
    """Make every member of a zip claim ``size`` uncompressed bytes, in both headers."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for match in re.finditer(re.escape(signature), data):
            struct.pack_into("<I", patched, match.start() + offset, size)
    return bytes(patched)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("extension", [".docx", ".odt"])
def test_a_zip_bomb_that_declares_a_huge_size_is_refused_before_unpacking(
    extension: str,
) -> None:
    bomb = patch_declared_size(zipped({"word/document.xml": b"<w:document/>"}), 4_000_000_000)

    with pytest.raises(UnreadableDocument, match=r"would expand to 3814 MB.*zip bomb"):
        read_bytes(bomb, f"bomb{extension}")


def test_a_zip_bomb_that_compresses_too_well_is_refused() -> None:
    bomb = zipped({"word/document.xml": b" " * (50 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024

    with pytest.raises(UnreadableDocument, match="zip bomb"):
        read_bytes(bomb, "dense.docx")


def test_a_password_protected_word_file_is_named_as_such() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64) + "EncryptedPackage".encode("utf-16-le")

    with pytest.raises(UnreadableDocument, match="password-protected"):
        read_bytes(ole, "answers.docx")
    with pytest.raises(UnreadableDocument, match="password-protected"):
        read_bytes(ole, "answers-without-extension")


def test_an_old_binary_word_file_renamed_docx_is_explained() -> None:
    with pytest.raises(UnreadableDocument, match=r"old binary Office file.*\.docx"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old.docx")


def test_a_password_protected_odt_is_named_as_such() -> None:
    manifest = b'<manifest:file-entry><manifest:encryption-data manifest:checksum="x"/>'
    odt = zipped(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": manifest,
            "content.xml": b"\x93\x12garbage",
        }
    )

    with pytest.raises(UnreadableDocument, match=r"secret\.odt is password-protected"):
        read_bytes(odt, "secret.odt")


# --- Plain text and markdown rules ----------------------------------------------------------


def test_text_decoding_prefers_cp1252_to_latin1_for_windows_quotes() -> None:
    data = "L’œuvre « engagée » coûte 635 €".encode("cp1252")

    assert texts(read_bytes(data, "win.txt")) == ["L’œuvre « engagée » coûte 635 €"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Réponse".encode("latin-1") + b"\x81", "Réponse\x81"),  # 0x81 is not cp1252
        (b"\xef\xbb\xbfR\xc3\xa9ponse", "Réponse"),
        ("Réponse".encode("utf-16"), "Réponse"),
        (b"Re\xcc\x81ponse", "Réponse"),  # decomposed é becomes one character (NFC)
    ],
)
def test_text_decoding_handles_boms_latin1_and_normalisation(data: bytes, expected: str) -> None:
    paragraph = read_bytes(data, "x.txt").paragraphs[0].text

    assert paragraph == expected.replace("\x81", "").strip()
    assert len(paragraph) == len(expected.replace("\x81", "").strip())


def test_text_blocks_join_soft_wraps_and_split_at_list_items() -> None:
    text = (
        "Introduction sur\r\ndeux lignes.\r\n\r\n"
        "- premier point\nqui continue\n* second\n• troisième\n"
        "1) un\n2. deux\nQ3 trois\nQuestion 4 quatre\nfin\u00a0de  ligne\n\n\n"
    )

    assert texts(read_bytes(text.encode(), "t.txt")) == [
        "Introduction sur deux lignes.",
        "- premier point qui continue",
        "* second",
        "• troisième",
        "1) un",
        "2. deux",
        "Q3 trois",
        "Question 4 quatre fin de ligne",
    ]


def test_markdown_headings_emphasis_and_links_become_plain_text() -> None:
    markdown = (
        "# Titre #\n\nUn **texte** en __gras__ avec [le site](https://example.org/) et\n"
        "[https://a.example/](https://a.example/).\n\nSous-titre\n---\n\n- **1)** Question\n"
    )

    assert read_bytes(markdown.encode(), "r.md").paragraphs == (
        Paragraph("Titre", heading=True),
        Paragraph("Un texte en gras avec le site <https://example.org/> et <https://a.example/>."),
        Paragraph("Sous-titre", heading=True),
        Paragraph("- 1) Question"),
    )


# --- Word, HTML, e-mail and PDF details -----------------------------------------------------


def test_docx_reads_tables_in_order_line_breaks_and_hyperlinks() -> None:
    word = docx.Document()
    word.add_heading("Thème", level=2)
    before = word.add_paragraph("Avant")
    before.add_run().add_break()
    before.add_run("la table")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Fusion"
    table.cell(1, 0).text = "Gauche"
    table.cell(1, 1).text = "Droite"
    word.add_paragraph("Après")
    buffer = io.BytesIO()
    word.save(buffer)

    assert read_bytes(buffer.getvalue(), "t.docx").paragraphs == (
        Paragraph("Thème", heading=True),
        Paragraph("Avant la table"),
        Paragraph("Fusion"),
        Paragraph("Gauche"),
        Paragraph("Droite"),
        Paragraph("Après"),
    )


def test_html_blocks_links_and_dropped_elements() -> None:
    page = (
        "<!doctype html><html><head><title>Ignoré</title><style>p{}</style></head><body>"
        "<script>alert(1)</script><h2>Thème</h2><p>Une ligne<br>coupée et "
        '<a href="https://example.org/">le site</a>.</p><ul><li>Point '
        '<a href="https://a.example/">https://a.example/</a></li></ul>'
        "<div>Texte libre<div>imbriqué</div>suite</div><table><tr><td>A&nbsp;1</td>"
        "<td>B</td></tr></table><!-- commentaire --></body></html>"
    )

    assert read_bytes(page.encode(), "p.html").paragraphs == (
        Paragraph("Thème", heading=True),
        Paragraph("Une ligne coupée et le site <https://example.org/>."),
        Paragraph("Point https://a.example/"),
        Paragraph("Texte libre"),
        Paragraph("imbriqué"),
        Paragraph("suite"),
        Paragraph("A 1"),
        Paragraph("B"),
    )


def email_bytes(*parts: str) -> bytes:
    return "\r\n".join(parts).encode("utf-8")


def test_email_plain_body_drops_quoted_reply_lines() -> None:
    message = email_bytes(
        "From: a@example.org",
        "To: b@example.org",
        "Subject: Re: questions",
        "",
        "Oui, nous y sommes favorables.",
        "",
        "> - 1) Seriez-vous favorable ?",
        "> merci",
    )

    assert texts(read_bytes(message, "reply.eml")) == ["Oui, nous y sommes favorables."]


def test_email_with_only_an_html_body_goes_through_the_html_reader() -> None:
    message = email_bytes(
        "From: a@example.org",
        "Subject: Réponses",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<html><body><h1>Réponses</h1><p>Oui.</p></body></html>",
    )

    assert read_bytes(message, "html.eml").paragraphs == (
        Paragraph("Réponses", heading=True),
        Paragraph("Oui."),
    )


def test_email_reads_the_largest_attachment_in_a_known_format() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "Pièces jointes"
    message.set_content("Voir pièces jointes.")
    message.add_attachment(b"court", maintype="text", subtype="plain", filename="court.txt")
    message.add_attachment(
        b"\x89PNG" + bytes(5000), maintype="image", subtype="png", filename="logo.png"
    )
    message.add_attachment(
        b"le plus long des deux", maintype="text", subtype="plain", filename="long.txt"
    )

    document = read_bytes(message.as_bytes(), "m.eml")

    assert (document.format, document.attachment, texts(document)) == (
        "txt",
        "long.txt",
        ["le plus long des deux"],
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["un exam-", "ple simple"], "un example simple"),
        (["les personnes concerné-", "es ici"], "les personnes concerné-es ici"),
        (["arrêtés anti-", "stationnement"], "arrêtés anti-stationnement"),
        (
            ["voir <https://example.org/a%20", "b.pdf> ici"],
            "voir <https://example.org/a%20b.pdf> ici",
        ),
        (["une fin.", "Une phrase"], "une fin. Une phrase"),
    ],
)
def test_pdf_lines_join_with_careful_dehyphenation(lines: list[str], expected: str) -> None:
    assert _join_lines(lines, _Vocabulary.of(lines)) == expected


def test_pdf_keeps_a_hyphen_the_document_writes_elsewhere() -> None:
    lines = ["un centre de santé-", "social et un autre centre santé-social"]

    assert _join_lines(lines, _Vocabulary.of(lines)).startswith("un centre de santé-social et")


# --- The registry ---------------------------------------------------------------------------


@pytest.fixture
def csv_reader() -> Iterator[None]:
    @register(
        "csv-test",
        extensions=(".csvtest",),
        sniff=lambda data: data.startswith(b"a;b"),
        sniff_order=5,
    )
    def read_csv(data: bytes, name: str) -> Document:
        return Document(tuple(Paragraph(cell) for cell in data.decode().split(";")), "csv-test")

    yield
    del READERS["csv-test"]


@pytest.mark.usefixtures("csv_reader")
def test_a_new_format_is_one_registered_function() -> None:
    assert texts(read_bytes(b"x;y", "t.csvtest")) == ["x", "y"]
    assert read_bytes(b"a;b", "unknown").format == "csv-test"
    assert READERS["csv-test"](b"p;q", "t.csvtest").format == "csv-test"


def test_built_in_readers_are_in_the_one_table() -> None:
    assert set(READERS) >= {"txt", "md", "docx", "odt", "pdf", "html", "eml"}
    with pytest.raises(ValueError, match="already registered"):
        register("pdf", extensions=(".pdf",))(READERS["pdf"].read)


# --- Any bytes at all -----------------------------------------------------------------------

EXTENSIONS = [".txt", ".md", ".docx", ".odt", ".pdf", ".html", ".eml", ".xyz", ""]
PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!doctype html><p>", b"From: a\nSubject: b\n\n"]


@settings(
    max_examples=300,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(PREFIXES),
    data=st.binary(max_size=2048),
    extension=st.sampled_from(EXTENSIONS),
)
def test_any_bytes_give_a_document_or_an_analysis_error(
    prefix: bytes, data: bytes, extension: str
) -> None:
    try:
        document = read_bytes(prefix + data, f"upload{extension}")
    except AnalysisError as error:
        message = str(error)
    else:
        message = "."
        assert document.paragraphs
        assert all(p.text and p.text == " ".join(p.text.split()) for p in document.paragraphs)
    assert message.endswith(".")
    assert "\n" not in message


@settings(max_examples=50, deadline=timedelta(seconds=5))
@given(
    cut=st.integers(min_value=1, max_value=4000),
    variant=st.sampled_from(["seed.docx", "seed.odt", "seed.pdf", "seed.eml"]),
)
def test_any_truncated_seed_gives_a_document_or_an_analysis_error(cut: int, variant: str) -> None:
    data = (FIXTURES / variant).read_bytes()
    with contextlib.suppress(AnalysisError):
        read_bytes(data[: len(data) * cut // 4001], variant)
