"""The sentences for the document reader's errors, in the reader's language.

The engine (``veilleuse.analysis``) raises ``AnalysisError`` with a stable ``code`` and its
``params``; this is where each code becomes a sentence, looked up when it is shown (a page, the
command line), never when it is raised or stored, so a French interface shows French even for
an import read in the background. An error without a code keeps the engine's own message.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilleuse.analysis import AnalysisError

SENTENCES: dict[str, Promise] = {
    "empty": _("%(name)s is empty."),
    "no_text": _("%(name)s contains no text."),
    "too_large": _("%(name)s is %(size)s MB, more than the %(limit)s MB limit."),
    "unsupported": _(
        "%(name)s is not a kind of document Veilleuse can read; supported files end in "
        "%(extensions)s."
    ),
    "binary": _("%(name)s is a binary file, not a text document."),
    "no_text_layer": _(
        "%(name)s has no text layer; it may be a scan. Ask for the original file, or copy "
        "the answers into the form."
    ),
    "pdf_password": _(
        "%(name)s is password-protected; save or print it to a PDF without a password and "
        "import it again."
    ),
    "pdf_damaged": _("%(name)s is damaged and cannot be read as a PDF."),
    "docx_damaged": _("%(name)s could not be opened as a Word document; it may be damaged."),
    "archive_damaged": _("%(name)s is damaged: it is not a complete %(kind)s."),
    "office_password": _(
        "%(name)s is password-protected; save it without a password and import it again."
    ),
    "old_office": _(
        "%(name)s is an old binary Office file, not a %(kind)s; save it as .docx or .odt and "
        "import it again."
    ),
    "missing": _("The uploaded file is missing; please upload it again."),
    "too_complex": _(
        "%(name)s is too large or too complex to read; save it again as a simpler file, or "
        "copy the answers into the form."
    ),
}

# The kinds of file the readers name in their errors (``veilleuse.analysis.readers``).
KINDS: dict[str, Promise] = {
    "Word document": _("Word document"),
    "OpenDocument text file": _("OpenDocument text file"),
}


def error_sentence(*, code: str, params: Mapping[str, str], fallback: str) -> str:
    """The sentence for an engine error ``code`` in the active language; ``fallback`` (the
    engine's English message) for a code this table does not know, or parameters it lacks."""
    template = SENTENCES.get(code)
    if template is None:
        return fallback
    values = dict(params)
    if "kind" in values and values["kind"] in KINDS:
        values["kind"] = str(KINDS[values["kind"]])
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return fallback


def analysis_error_sentence(*, error: AnalysisError) -> str:
    """``error`` as one sentence in the active language."""
    return error_sentence(code=error.code, params=error.params, fallback=str(error))
