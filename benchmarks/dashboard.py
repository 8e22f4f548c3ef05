"""The campaign dashboard with 1,000 lists × 30 questions, beside ``/healthz``.

``bench_dashboard()`` builds a throwaway test database (Django's test-runner utilities, in a
temporary data folder), fills a campaign with lists, invitations, responses and answers,
renders the dashboard page through Django's test client ``runs`` times, does the same for
the bare ``/healthz`` view as a baseline measured in the same run, and returns a Markdown
section for docs/benchmarks.md. The target: under 300 ms a render.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from typing import Any

from benchmarks.throwaway import throwaway_database

START, END = "<!-- bench:dashboard:start -->", "<!-- bench:dashboard:end -->"
PARTIES = [f"Parti {letter}" for letter in "ABCDEFGHIJKL"]
TERRITORIES = [f"Paris {n}e" for n in range(1, 21)]


def populate(campaign: Any, *, lists: int, questions: int) -> None:
    """Give ``campaign`` ``questions`` questions and ``lists`` lists in every state: not
    invited, invited, a draft, answered (each answer of an answered list filled in)."""
    from veilleuse.questionnaires.models import Answer, Candidate, Question

    campaign.questions.all().delete()
    asked = Question.objects.bulk_create(
        Question(campaign=campaign, number=n, text=f"Question {n} ?")
        for n in range(1, questions + 1)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(
            campaign=campaign,
            name=f"Liste {i:04d}",
            party=PARTIES[i % len(PARTIES)],
            territory=TERRITORIES[i % len(TERRITORIES)],
        )
        for i in range(lists)
    )
    Answer.objects.bulk_create(
        (
            Answer(response=r, question=q, text="Oui, avec un budget dédié.")
            for r in _invite_and_respond(candidates)
            for q in asked
        ),
        batch_size=2000,
    )


def _invite_and_respond(candidates: list[Any]) -> list[Any]:
    """Nine lists in ten invited; of those, three in four have a response, two thirds of
    which are submitted. Returns the responses."""
    from django.utils import timezone

    from veilleuse.questionnaires.models import Invitation, Response, ResponseStatus

    now = timezone.now()
    invited = [c for i, c in enumerate(candidates) if i % 10 != 0]
    Invitation.objects.bulk_create(
        Invitation(candidate=c, nonce=f"{c.pk:032d}", first_sent_at=now) for c in invited
    )
    return Response.objects.bulk_create(
        Response(
            candidate=c,
            status=ResponseStatus.SUBMITTED if i % 3 else ResponseStatus.DRAFT,
            submitted_at=now if i % 3 else None,
        )
        for i, c in enumerate(invited)
        if i % 4 != 3
    )


def _timings(client: Any, path: str, runs: int) -> list[float]:
    client.get(path)  # warm-up: templates compiled, connection open
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        page = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert page.status_code == 200, (path, page.status_code)
    return timings


def _setup_django(data_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")
    os.environ.setdefault("VEILLEUSE_PROFILE", "test")
    os.environ.setdefault("VEILLEUSE_DATA_DIR", data_dir)
    import django

    django.setup()


def _measure(lists: int, questions: int, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from veilleuse.demo import cast_create

    with throwaway_database():
        cast = cast_create()
        populate(cast.campaign, lists=lists, questions=questions)
        client = Client()
        client.force_login(cast.admin)
        path = f"/c/{cast.campaign.slug}/"
        queries: list[str] = []

        def count(execute: Any, sql: str, *args: Any) -> Any:
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(path)
        return {
            "dashboard": _timings(client, path, runs),
            "healthz": _timings(client, "/healthz", runs),
            "queries": len(queries),
        }


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def bench_dashboard(lists: int = 1000, questions: int = 30, runs: int = 30) -> str:
    """Measure, and return the Markdown section between the dashboard markers."""
    with tempfile.TemporaryDirectory() as data_dir:
        _setup_django(data_dir)
        result = _measure(lists, questions, runs)
    dash, base = result["dashboard"], result["healthz"]
    median, baseline = statistics.median(dash), statistics.median(base)
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join(
        [
            START,
            f"Measured {now} on {platform.machine()} ({os.cpu_count()} cores, Python "
            f"{platform.python_version()}, SQLite): the dashboard of a campaign with "
            f"{lists:,} lists × {questions} questions (answers included), rendered {runs} "
            "times through Django's test client by `make bench`.",
            "",
            "| page | median (ms) | p95 (ms) | queries |",
            "|---|---:|---:|---:|",
            f"| baseline: `/healthz` | {baseline:.1f} | {_p95(base):.1f} | 1 |",
            f"| campaign dashboard | {median:.1f} | {_p95(dash):.1f} | {result['queries']} |",
            "",
            f"The dashboard costs {median / baseline:,.1f}× the bare health check; the target "
            "is under 300 ms. Its counts are aggregated in the database, so the number of "
            "queries does not grow with the number of lists.",
            END,
        ]
    )


if __name__ == "__main__":
    print(bench_dashboard())
