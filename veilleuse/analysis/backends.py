"""Grading backends: the rules (default) and any OpenAI-compatible chat endpoint.

Every backend returns the same ``Grading``. Whatever a backend says, its quotes are checked
against the answer: a quote that is not a verbatim substring is dropped, so no backend can put
invented text in the output. The rule backend's cue finding and commitments are kept for
every backend, so evidence is never poorer than the rules'.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import urlsplit

from .document import AnalysisError
from .grade import grade_answer
from .model import Cue, Grade, Grading, Span, is_cue_kind

_PROMPT = """You grade a candidate's answer to an advocacy questionnaire.
Scale: yes (commits to the demand, with means), rather_yes (supports it, with conditions or
without concrete means), noncommittal (openness, study, dialogue, no commitment), rather_no
(rejects the demand as asked, offers something lesser), no (rejects the demand), no_answer
(nothing, or off-topic). Grade what the answer commits to about the demand asked, not warm
words about the topic. Reply with JSON only:
{"grade": "...", "confidence": 0.0-1.0, "rationale": "one sentence",
 "quotes": [{"kind": "support|refusal|hedge|condition|deflection|caveat|commit",
             "text": "a verbatim quote of the answer"}]}
"""


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
    name: str = "openai-compatible"

    def grade(
        self, question: str, answer: str, context: Sequence[str] = (), *, yes_means: str = ""
    ) -> Grading:
        rules = grade_answer(question, answer, context=context, yes_means=yes_means)
        if rules.grade == Grade.NO_ANSWER and not answer.strip():
            return rules
        reply = self._complete(question, answer)
        return merge_model_reply(reply, answer, rules)

    def _complete(self, question: str, answer: str) -> dict[str, Any]:
        if urlsplit(self.base_url).scheme.lower() not in ("http", "https"):
            # urlopen would also read file:// and ftp:// addresses.
            raise AnalysisError(f"The grading server's address must be http(s): {self.base_url}")
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": _PROMPT},
                {"role": "user", "content": f"Question:\n{question}\n\nAnswer:\n{answer}"},
            ],
        }
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            self.base_url.rstrip("/") + "/chat/completions",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}),
            },
        )
        try:
            # The scheme is checked above.
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
