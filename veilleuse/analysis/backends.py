"""Grading backends: the rules (default) and any OpenAI-compatible chat endpoint.

Every backend returns the same ``Grading``. Whatever a backend says, its quotes are checked
against the answer: a quote that is not a verbatim substring is dropped, so no backend can put
invented text in the output. The rule backend's cue finding and commitments are kept for
every backend, so evidence is never poorer than the rules'.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from .document import AnalysisError
from .grade import grade_answer
from .model import Cue, Grade, Grading, Span, is_cue_kind

GRADES = [g.value for g in Grade]
QUOTE_KINDS = ["support", "refusal", "hedge", "condition", "deflection", "caveat", "commit"]
# The reply asked of the model, as a JSON Schema (sent as ``response_format``: llama.cpp's
# server, vLLM and Ollama's OpenAI endpoint constrain their output to it).
OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "grade": {"type": "string", "enum": GRADES},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "rationale": {"type": "string"},
        "quotes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": QUOTE_KINDS},
                    "text": {"type": "string"},
                },
                "required": ["kind", "text"],
            },
        },
    },
    "required": ["grade", "confidence", "rationale", "quotes"],
}
_GUIDE = Path(__file__).with_name("grading_guide_en.md")
_INSTRUCTIONS = """You grade a candidate's answer to an advocacy questionnaire, following the
grading guide below exactly. Grade the answer's stance toward the demand (mind its direction),
not warm words about the topic. Quote the answer verbatim: a quote that is not an exact
substring of the answer is discarded. Reply with one JSON object only, matching this schema:
"""
# A model glitch (a reply that is not the JSON asked) or a passing network error is tried
# again this many times, after a short pause that grows with each try.
RETRIES = 2
_PAUSE = 0.5


def system_prompt() -> str:
    """The instructions, the output schema and the grading guide (docs/grading-guide.md)."""
    return _INSTRUCTIONS + json.dumps(OUTPUT_SCHEMA) + "\n\n" + _GUIDE.read_text(encoding="utf-8")


class GradingBackend(Protocol):
    @property
    def name(self) -> str: ...

    def grade(
        self, question: str, answer: str, context: Sequence[str] = (), *, yes_means: str = ""
    ) -> Grading: ...


@dataclass(frozen=True)
class RuleBackend:
    """The default: deterministic rules over verbatim cues, offline, on a CPU."""

    name: str = "rules"

    def grade(
        self, question: str, answer: str, context: Sequence[str] = (), *, yes_means: str = ""
    ) -> Grading:
        return grade_answer(question, answer, context=context, yes_means=yes_means)


@dataclass(frozen=True)
class OpenAICompatibleBackend:
    """A chat-completions endpoint (llama.cpp server, Ollama, vLLM…) asked for JSON."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 60.0
    retries: int = RETRIES
    name: str = "openai-compatible"

    def grade(
        self, question: str, answer: str, context: Sequence[str] = (), *, yes_means: str = ""
    ) -> Grading:
        rules = grade_answer(question, answer, context=context, yes_means=yes_means)
        if rules.grade == Grade.NO_ANSWER and not answer.strip():
            return rules
        reply = self._complete_with_retries(question, answer, yes_means)
        return merge_model_reply(reply, answer, rules)

    def _complete_with_retries(self, question: str, answer: str, yes_means: str) -> dict[str, Any]:
        if urlsplit(self.base_url).scheme.lower() not in ("http", "https"):
            # urlopen would also read file:// and ftp:// addresses.
            raise AnalysisError(f"The grading server's address must be http(s): {self.base_url}")
        for attempt in range(self.retries + 1):
            try:
                return self._complete(question, answer, yes_means)
            except AnalysisError:
                if attempt == self.retries:
                    raise
                time.sleep(_PAUSE * (attempt + 1))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _request(self, question: str, answer: str, yes_means: str) -> urllib.request.Request:
        demand = f"Question:\n{question}\n"
        if yes_means:
            demand += f"\nWhat counts as a yes:\n{yes_means}\n"
        body = {
            "model": self.model,
            "temperature": 0,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "grading", "schema": OUTPUT_SCHEMA},
            },
            "messages": [
                {"role": "system", "content": system_prompt()},
                {"role": "user", "content": f"{demand}\nAnswer:\n{answer}"},
            ],
        }
        return urllib.request.Request(  # noqa: S310 - the scheme is checked before any request
            self.base_url.rstrip("/") + "/chat/completions",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}),
            },
        )

    def _complete(self, question: str, answer: str, yes_means: str = "") -> dict[str, Any]:
        request = self._request(question, answer, yes_means)
        try:
            # The scheme is checked in _complete_with_retries.
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read())
            content = payload["choices"][0]["message"]["content"]
            return dict(json.loads(_strip_fence(content)))
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise AnalysisError(
                f"The grading server at {self.base_url} did not answer ({error})."
            ) from None
        except (KeyError, IndexError, TypeError, ValueError):
            raise AnalysisError(
                f"The grading server at {self.base_url} sent a reply that is not the expected JSON."
            ) from None


def _strip_fence(content: str) -> str:
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text[text.find("\n") + 1 :] if "\n" in text else text
    return text


def merge_model_reply(reply: dict[str, Any], answer: str, rules: Grading) -> Grading:
    """The model's grade with only its verbatim quotes, beside the rules' evidence."""
    try:
        grade = Grade(str(reply.get("grade")))
    except ValueError:
        raise AnalysisError(
            f"The grading server answered an unknown grade {reply.get('grade')!r}."
        ) from None
    quotes = []
    for quote in reply.get("quotes") or []:
        text = str(quote.get("text", "")) if isinstance(quote, dict) else ""
        start = answer.find(text) if text else -1
        if start >= 0:
            # A kind the grader does not know would reach the pages and the open data as is.
            kind = quote.get("kind")
            kind = kind if is_cue_kind(kind) else "support"
            quotes.append(Cue(kind, "model", Span(start, start + len(text), text)))
    seen = {(c.span.start, c.span.end) for c in rules.evidence}
    evidence = rules.evidence + tuple(q for q in quotes if (q.span.start, q.span.end) not in seen)
    try:
        confidence = max(0.0, min(1.0, float(reply.get("confidence", 0.5))))
    except (TypeError, ValueError):
        confidence = 0.5
    return replace(
        rules,
        grade=grade,
        confidence=round(confidence, 2),
        rationale=str(reply.get("rationale") or rules.rationale),
        evidence=tuple(sorted(evidence, key=lambda c: c.span.start)),
    )


def get_backend(name: str = "rules", **options: Any) -> GradingBackend:
    if name == "rules":
        return RuleBackend()
    if name in ("openai", "openai-compatible"):
        return OpenAICompatibleBackend(**options)
    raise AnalysisError(f"Unknown grading backend {name!r}; use 'rules' or 'openai'.")
