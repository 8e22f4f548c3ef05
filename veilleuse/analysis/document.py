"""What a reader returns: a document as a sequence of paragraphs of plain text."""

from __future__ import annotations

from dataclasses import dataclass, field


class AnalysisError(Exception):
    """A problem with the input that a person can fix; the message is one clear sentence.

    The engine speaks no language of its own: ``code`` names the problem and ``params`` fill
    its sentence, which the web layer and the command line look up in the person's language
    (``veilleuse.core.document_errors``). The message stays as the English fallback for an
    error that has no code yet.
    """

    def __init__(self, message: str, *, code: str = "", params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})


class UnreadableDocument(AnalysisError):
    """The file cannot be read as a document (empty, binary, encrypted, corrupt, too large)."""


class UnsupportedFormat(AnalysisError):
    """No reader is registered for this kind of file."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of text. ``heading`` is set when the source marked it as a heading."""

    text: str
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """A document reduced to its paragraphs, in reading order.

    ``format`` is the reader that produced it (``txt``, ``docx``, ``pdf``...). ``attachment``
    names the file inside an e-mail that the paragraphs come from, if any.
    """

    paragraphs: tuple[Paragraph, ...]
    format: str
    name: str = ""
    attachment: str = ""
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)
