"""The OpenAI-compatible backend against a real chat-completions server on 127.0.0.1.

The server is the standard library's, in a thread, on a free port; it answers at most a few
requests and is shut down when the test ends. Whatever the model says, only its verbatim
quotes reach the evidence.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from veilleuse.analysis import AnalysisError, Grade, RuleBackend, get_backend
from veilleuse.analysis.backends import OpenAICompatibleBackend

QUESTION = "Financerez-vous un centre de santé communautaire pour les travailleuses du sexe ?"
ANSWER = (
    "Nous sommes attentifs à la santé des travailleuses du sexe. La création d'un centre "
    "mérite d'être étudiée avec les associations."
)
# A quote the rules do not find themselves, so that only the model can have put it there.
VERBATIM = "avec les associations"
INVENTED = "nous financerons le centre dès 2026"
MAX_REQUESTS = 3


@dataclass
class ChatServer:
    """What the fake model replies, and what it was asked."""

    url: str
    reply: Callable[[], bytes]
    requests: list[dict[str, Any]] = field(default_factory=list)


def chat_reply(content: str) -> bytes:
    return json.dumps(
        {"choices": [{"message": {"role": "assistant", "content": content}}]}
    ).encode()


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    state = ChatServer(url="", reply=lambda: b"")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(
                {"path": self.path, "body": json.loads(self.rfile.read(length) or b"{}")}
            )
            body = state.reply()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output quiet

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 0.2
    stop = threading.Event()

    def serve_a_few() -> None:
        handled = 0
        while handled < MAX_REQUESTS and not stop.is_set():
            before = len(state.requests)
            server.handle_request()
            handled += len(state.requests) - before

    thread = threading.Thread(target=serve_a_few, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=5)
        server.server_close()


def backend(url: str, timeout: float = 5.0) -> OpenAICompatibleBackend:
    backend = get_backend("openai", base_url=url, model="test-model", timeout=timeout)
    assert isinstance(backend, OpenAICompatibleBackend)
    return backend


def _model_reply_with_one_verbatim_and_one_invented_quote() -> bytes:
    return chat_reply(
        json.dumps(
            {
                "grade": "rather_no",
                "confidence": 0.8,
                "rationale": "The model's reading.",
                "quotes": [
                    {"kind": "hedge", "text": VERBATIM},
                    {"kind": "commit", "text": INVENTED},
                ],
            }
        )
    )


def test_the_model_grade_is_kept_with_its_verbatim_quote_and_not_its_invented_one(
    chat_server: ChatServer,
) -> None:
    assert VERBATIM in ANSWER
    assert INVENTED not in ANSWER
    chat_server.reply = _model_reply_with_one_verbatim_and_one_invented_quote

    grading = backend(chat_server.url).grade(QUESTION, ANSWER)

    assert grading.grade is Grade.RATHER_NO
    assert grading.confidence == 0.8
    assert grading.rationale == "The model's reading."
    quotes = [cue.span for cue in grading.evidence]
    start = ANSWER.index(VERBATIM)
    (model_cue,) = [cue for cue in grading.evidence if cue.label == "model"]
    assert (model_cue.kind, model_cue.span.start, model_cue.span.end, model_cue.span.text) == (
        "hedge",
        start,
        start + len(VERBATIM),
        VERBATIM,
    )
    # The rules' own evidence is kept beside the model's.
    assert "mérite d'être étudiée" in [s.text for s in quotes]
    assert all(INVENTED not in s.text for s in quotes)
    assert all(ANSWER[s.start : s.end] == s.text for s in quotes)
    (request,) = chat_server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "test-model"
    assert ANSWER in request["body"]["messages"][-1]["content"]


def test_a_model_reply_wrapped_in_a_code_fence_is_read(chat_server: ChatServer) -> None:
    chat_server.reply = lambda: chat_reply('```json\n{"grade": "yes", "quotes": []}\n```')
    assert backend(chat_server.url).grade(QUESTION, ANSWER).grade is Grade.YES


def test_an_empty_answer_is_graded_without_asking_the_server(chat_server: ChatServer) -> None:
    assert backend(chat_server.url).grade(QUESTION, "").grade is Grade.NO_ANSWER
    assert chat_server.requests == []


def test_a_server_sending_garbage_gives_a_clear_error(chat_server: ChatServer) -> None:
    chat_server.reply = lambda: b"<html>502 Bad Gateway</html>"
    with pytest.raises(AnalysisError, match=r"sent a reply that is not the expected JSON"):
        backend(chat_server.url).grade(QUESTION, ANSWER)


def test_a_model_inventing_a_grade_gives_a_clear_error(chat_server: ChatServer) -> None:
    chat_server.reply = lambda: chat_reply('{"grade": "maybe"}')
    with pytest.raises(AnalysisError, match=r"answered an unknown grade 'maybe'"):
        backend(chat_server.url).grade(QUESTION, ANSWER)


def test_a_closed_port_gives_a_clear_error_not_a_traceback() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more: the connection is refused at once.
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(AnalysisError, match=rf"The grading server at {url} did not answer"):
        backend(url, timeout=2.0).grade(QUESTION, ANSWER)


def test_the_rule_backend_is_the_default_and_an_unknown_backend_is_refused() -> None:
    assert isinstance(get_backend(), RuleBackend)
    with pytest.raises(AnalysisError, match="Unknown grading backend 'magic'"):
        get_backend("magic")


def test_the_command_line_grades_a_batch_through_the_model_endpoint(
    chat_server: ChatServer, tmp_path: Path
) -> None:
    chat_server.reply = lambda: chat_reply(
        json.dumps({"grade": "no", "confidence": 0.8, "rationale": "Refuses.", "quotes": []})
    )
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "question": "Financerez-vous X ?", "answer": "Nous verrons."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "veilleuse.cli",
            "analyse-batch",
            str(source),
            "--out",
            str(out),
            "--backend",
            "openai",
            "--backend-url",
            chat_server.url,
            "--model",
            "test-model",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["grade"] == "no"
    assert chat_server.requests[0]["body"]["model"] == "test-model"


def test_a_quote_of_a_kind_the_grader_does_not_know_is_kept_as_support(
    chat_server: ChatServer,
) -> None:
    chat_server.reply = lambda: chat_reply(
        json.dumps({"grade": "yes", "quotes": [{"kind": "<script>", "text": VERBATIM}]})
    )

    grading = backend(chat_server.url).grade(QUESTION, ANSWER)

    (model_cue,) = [cue for cue in grading.evidence if cue.label == "model"]
    assert (model_cue.kind, model_cue.span.text) == ("support", VERBATIM)


def test_a_grading_server_address_that_is_not_http_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "chat" / "completions"
    secret.parent.mkdir()
    secret.write_text('{"choices": []}')

    with pytest.raises(AnalysisError, match="must be http"):
        backend(f"file://{tmp_path}").grade(QUESTION, ANSWER)


def test_the_model_is_prompted_with_the_guide_and_asked_for_the_output_schema(
    chat_server: ChatServer,
) -> None:
    from veilleuse.analysis.backends import OUTPUT_SCHEMA

    chat_server.reply = lambda: chat_reply('{"grade": "noncommittal", "quotes": []}')
    backend(chat_server.url).grade(QUESTION, ANSWER, yes_means="Un budget voté en 2026.")
    body = chat_server.requests[0]["body"]
    system = body["messages"][0]["content"]
    assert "### 4. Mixed answers and demands in several parts" in system
    assert body["response_format"]["json_schema"]["schema"] == OUTPUT_SCHEMA
    assert "What counts as a yes:\nUn budget voté en 2026." in body["messages"][1]["content"]


def test_the_prompt_carries_the_english_guide_as_published() -> None:
    guide = (Path(__file__).resolve().parents[3] / "docs" / "grading-guide.md").read_text(
        encoding="utf-8"
    )
    english = guide[guide.index("## English") : guide.index("## Français")]
    packaged = (Path(__file__).resolve().parents[1] / "grading_guide_en.md").read_text(
        encoding="utf-8"
    )
    assert packaged.strip() == english.rstrip().rstrip("-").rstrip()


def test_a_reply_that_is_not_json_is_tried_again_once_then_kept(chat_server: ChatServer) -> None:
    replies = iter([b"<html>502 Bad Gateway</html>", chat_reply('{"grade": "yes", "quotes": []}')])
    chat_server.reply = lambda: next(replies)
    result = backend(chat_server.url).grade(QUESTION, ANSWER)
    assert result.grade == Grade.YES
    assert len(chat_server.requests) == 2


def test_the_tries_are_bounded(chat_server: ChatServer) -> None:
    chat_server.reply = lambda: b"not json"
    quick = OpenAICompatibleBackend(chat_server.url, "test-model", timeout=2.0, retries=1)
    with pytest.raises(AnalysisError, match="not the expected JSON"):
        quick.grade(QUESTION, ANSWER)
    assert len(chat_server.requests) == 2


def test_eval_measures_the_model_endpoint(chat_server: ChatServer, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "1", "question": QUESTION, "answer": ANSWER, "grade": "noncommittal"}),
        encoding="utf-8",
    )
    chat_server.reply = lambda: chat_reply('{"grade": "noncommittal", "confidence": 0.9}')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "veilleuse.cli",
            "eval",
            str(gold),
            "--format",
            "json",
            "--backend",
            "openai",
            "--backend-url",
            chat_server.url,
            "--model",
            "m",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["accuracy"] == 1.0
    assert len(chat_server.requests) == 1
