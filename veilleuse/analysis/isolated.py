"""Read a document in a child process with memory and CPU limits, killed past a deadline.

A document below every cap (docs/hostile-input.md) can still be dense enough to cost a
minute of CPU and more than a gigabyte of memory to parse. Reading it in a child process
bounds both: the child sets ``RLIMIT_AS`` (its own size when it starts plus
``memory_bytes``), ``RLIMIT_CPU`` and ``RLIMIT_FSIZE`` (no file written) before it reads a
byte, and the parent kills it after ``wall_seconds``. Any of these ending the child raises
``DocumentTooComplex``; the reader's own refusals come back as the same errors as in process.

    document = read_bytes_isolated(data, "reply.docx", max_bytes=10_000_000)

The child is ``python -m veilleuse.analysis.isolated``: the bytes on stdin, the Document (or
the error) as JSON on stdout, never pickle, since the child handles hostile input.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from veilleuse.analysis.document import (
    AnalysisError,
    Document,
    Paragraph,
    UnreadableDocument,
    UnsupportedFormat,
)

_ERRORS: dict[str, type[AnalysisError]] = {
    "UnreadableDocument": UnreadableDocument,
    "UnsupportedFormat": UnsupportedFormat,
    "AnalysisError": AnalysisError,
}
_PAGE_BYTES = resource.getpagesize()


class DocumentTooComplex(UnreadableDocument):
    """Reading the document went past the memory, CPU or time allowed to one document."""


@dataclass(frozen=True)
class Limits:
    """What reading one document may cost (docs/hostile-input.md gives the defaults' why)."""

    memory_bytes: int = 512 * 1024 * 1024
    cpu_seconds: int = 30
    wall_seconds: float = 60.0


def read_bytes_isolated(
    data: bytes, name: str, *, max_bytes: int, limits: Limits | None = None
) -> Document:
    """``read_bytes(data, name, max_bytes=...)``, in a child process under ``limits``."""
    limits = limits or Limits()
    command = [
        sys.executable,
        "-m",
        "veilleuse.analysis.isolated",
        name,
        str(max_bytes),
        str(limits.memory_bytes),
        str(limits.cpu_seconds),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
            command, input=data, capture_output=True, timeout=limits.wall_seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise _too_complex(name) from None
    if done.returncode != 0:
        raise _too_complex(name)
    return _answer(json.loads(done.stdout), name)


def _too_complex(name: str) -> DocumentTooComplex:
    from veilleuse.analysis.readers.common import display_name

    return DocumentTooComplex(
        f"{display_name(name)} is too large or too complex to read; save it again as a "
        "simpler file, or copy the answers into the form.",
        code="too_complex",
        params={"name": display_name(name)},
    )


def _answer(answer: dict[str, Any], name: str) -> Document:
    if "error" in answer:
        raise _ERRORS.get(answer["error"], AnalysisError)(
            answer["message"],
            code=str(answer.get("code", "")),
            params={str(k): str(v) for k, v in dict(answer.get("params", {})).items()},
        )
    if "too_complex" in answer:
        raise _too_complex(name)
    document = answer["document"]
    return Document(
        paragraphs=tuple(Paragraph(text, heading) for text, heading in document["paragraphs"]),
        format=document["format"],
        name=document["name"],
        attachment=document["attachment"],
        metadata=dict(document["metadata"]),
    )


def _own_size() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * _PAGE_BYTES


def _out_of_memory(error: BaseException) -> bool:
    """A reader that turns every failure into "damaged" may be hiding the memory limit (lxml
    says "Memory allocation failed" in its own exception)."""
    seen: BaseException | None = error
    for _ in range(10):  # a chain of causes, bounded
        if seen is None:
            return False
        if isinstance(seen, MemoryError) or "memory allocation" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _limit_myself(memory_bytes: int, cpu_seconds: int) -> None:
    # The address space we already use (the interpreter, the readers' libraries) plus the
    # budget: a fixed number would depend on which libraries this machine loads.
    size = _own_size() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (size, size))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _child(argv: list[str]) -> dict[str, Any]:
    from veilleuse.analysis.readers import read_bytes

    name, max_bytes, memory_bytes, cpu_seconds = argv[0], *map(int, argv[1:4])
    data = sys.stdin.buffer.read(max_bytes + 1)
    _limit_myself(memory_bytes, cpu_seconds)
    try:
        document = read_bytes(data, name, max_bytes=max_bytes)
    except MemoryError:
        return {"too_complex": True}
    except AnalysisError as error:
        if _out_of_memory(error):
            return {"too_complex": True}
        return {
            "error": type(error).__name__,
            "message": str(error),
            "code": error.code,
            "params": error.params,
        }
    paragraphs = [[p.text, p.heading] for p in document.paragraphs]
    return {
        "document": {
            "paragraphs": paragraphs,
            "format": document.format,
            "name": document.name,
            "attachment": document.attachment,
            "metadata": document.metadata,
        }
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_child(sys.argv[1:])))
