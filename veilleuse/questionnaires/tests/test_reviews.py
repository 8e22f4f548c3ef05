"""Reviewing answers: confirm or override the suggestion, four-eyes, concurrent decisions,
the review pages and the exports for ``veilleuse eval``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from veilleuse.analysis.evaluate_io import evaluate_files
from veilleuse.questionnaires.models import Answer, Decision
from veilleuse.questionnaires.selectors.reviews import (
    evidence_parts,
    final_grade,
    review_groups,
)
from veilleuse.questionnaires.services.analysis import response_grade
from veilleuse.questionnaires.services.reviews import (
    DecisionConflict,
    decision_confirm,
    decision_record,
)
from veilleuse.questionnaires.tests.test_analysis_task import seed_answers, submitted_response

pytestmark = pytest.mark.django_db


def graded(candidate: Any, texts: dict[int, str] | None = None) -> dict[int, Answer]:
    """The candidate's answers (the seed's by default), analysed, by question number."""
    response = submitted_response(candidate, seed_answers() if texts is None else texts)
    response_grade(response_id=response.pk)
    return {a.question.number: a for a in response.answers.select_related("question")}


def fresh(answer: Answer) -> Answer:
    return Answer.objects.select_related("response__candidate__campaign").get(pk=answer.pk)


def english(client: Client, user: Any) -> Client:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_reviewer_confirms_the_suggestion_and_it_becomes_final(cast: Any) -> None:
    answer = graded(cast.list_a)[9]

    decision = decision_record(
        reviewer=cast.reviewer, answer=answer, grade="rather_no", note="", seen_decision_id=None
    )

    assert decision.agrees_with_suggestion
    assert final_grade(fresh(answer)) == "rather_no"


def test_overriding_needs_a_note_and_keeps_the_history(cast: Any) -> None:
    answer = graded(cast.list_a)[9]
    first = decision_record(
        reviewer=cast.reviewer, answer=answer, grade="rather_no", note="", seen_decision_id=None
    )

    with pytest.raises(ValidationError) as refused:
        decision_record(
            reviewer=cast.admin, answer=answer, grade="no", note=" ", seen_decision_id=first.pk
        )
    assert "note" in refused.value.message_dict
    override = decision_record(
        reviewer=cast.admin,
        answer=answer,
        grade="no",
        note="Refuses the cooperative outright.",
        seen_decision_id=first.pk,
    )

    assert not override.agrees_with_suggestion
    assert list(answer.decisions.values_list("grade", flat=True)) == ["rather_no", "no"]
    assert final_grade(fresh(answer)) == "no"


def test_a_decision_recorded_meanwhile_is_not_overwritten(cast: Any) -> None:
    answer = graded(cast.list_a)[2]
    # Both reviewers opened the page when there was no decision; alice saves first.
    theirs = decision_record(
        reviewer=cast.admin, answer=answer, grade="yes", note="", seen_decision_id=None
    )

    with pytest.raises(DecisionConflict) as conflict:
        decision_record(
            reviewer=cast.reviewer,
            answer=answer,
            grade="rather_yes",
            note="No budget.",
            seen_decision_id=None,
        )

    assert conflict.value.decision == theirs
    assert answer.decisions.count() == 1


def test_the_review_page_tells_the_second_reviewer_what_was_decided(
    cast: Any, client: Client
) -> None:
    answer = graded(cast.list_a)[2]
    decision_record(reviewer=cast.admin, answer=answer, grade="yes", note="", seen_decision_id=None)
    url = reverse("questionnaires:answer_review", kwargs={"pk": answer.pk})

    page = english(client, cast.reviewer).post(
        url, {"grade": "no", "note": "Disagree.", "seen": "", "override": "1"}
    )

    assert page.status_code == 409
    assert "Someone else decided meanwhile" in page.content.decode()
    assert answer.decisions.count() == 1


def test_four_eyes_needs_a_second_different_reviewer(cast: Any) -> None:
    cast.campaign.four_eyes = True
    cast.campaign.save()
    answer = graded(cast.list_a)[2]
    decision = decision_record(
        reviewer=cast.reviewer, answer=answer, grade="yes", note="", seen_decision_id=None
    )
    assert final_grade(fresh(answer)) is None

    with pytest.raises(ValidationError) as refused:
        decision_confirm(reviewer=cast.reviewer, decision=decision)
    assert refused.value.code == "own_decision"
    assert final_grade(fresh(answer)) is None

    decision_confirm(reviewer=cast.admin, decision=decision)
    assert final_grade(fresh(answer)) == "yes"


def test_four_eyes_an_override_must_be_confirmed_again(cast: Any, client: Client) -> None:
    cast.campaign.four_eyes = True
    cast.campaign.save()
    answer = graded(cast.list_a)[2]
    first = decision_record(
        reviewer=cast.reviewer, answer=answer, grade="yes", note="", seen_decision_id=None
    )
    confirmation = decision_confirm(reviewer=cast.admin, decision=first)
    decision_record(
        reviewer=cast.admin,
        answer=answer,
        grade="rather_yes",
        note="No budget named.",
        seen_decision_id=confirmation.pk,
    )
    assert final_grade(fresh(answer)) is None

    url = reverse("questionnaires:answer_confirm", kwargs={"pk": answer.pk})
    latest = answer.decisions.latest("created", "id")
    english(client, cast.reviewer).post(url, {"decision": latest.pk, "seen": latest.pk})

    assert final_grade(fresh(answer)) == "rather_yes"


def test_confirming_or_overriding_through_the_review_page(cast: Any, client: Client) -> None:
    answer = graded(cast.list_a)[9]
    url = reverse("questionnaires:answer_review", kwargs={"pk": answer.pk})
    reviewer = english(client, cast.reviewer)

    assert reviewer.post(url, {"grade": "yes", "seen": "", "confirm": "1"}).status_code == 302
    seen = answer.decisions.get().pk
    missing_note = reviewer.post(url, {"grade": "no", "seen": seen, "override": "1"})
    assert missing_note.status_code == 400
    reviewer.post(url, {"grade": "no", "note": "A plain no.", "seen": seen, "override": "1"})

    assert list(answer.decisions.values_list("grade", flat=True)) == ["rather_no", "no"]
    page = reviewer.get(url).content.decode()
    assert "A plain no." in page
    assert "bruno" in page


def test_evidence_is_highlighted_and_an_answer_cannot_inject_markup(
    cast: Any, client: Client
) -> None:
    text = "<script>alert('x')</script> Oui, nous créerons ce centre avec un budget de 2 M€."
    answer = graded(cast.list_b, {1: text})[1]
    assert answer.analysis["evidence"], "the engine found no cue to highlight"

    page = english(client, cast.viewer).get(
        reverse("questionnaires:answer_review", kwargs={"pk": answer.pk})
    )

    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark" in html


def test_evidence_parts_cover_the_text_exactly_and_skip_stale_spans() -> None:
    text = "Oui, mais sous conditions."
    cues = [
        {"start": 0, "end": 3, "text": "Oui", "kind": "opening_yes", "label": "oui"},
        {"start": 1, "end": 5, "text": "ui, ", "kind": "overlap", "label": ""},
        {"start": 10, "end": 14, "text": "XXXX", "kind": "stale", "label": ""},
    ]

    parts = evidence_parts(text, cues)

    assert "".join(p.text for p in parts) == text
    assert [p.text for p in parts if p.label] == ["Oui"]
    assert [p.family for p in parts if p.family] == ["evidence"]


def test_each_kind_of_highlight_has_its_own_family_and_the_page_its_legend_in_french(
    cast: Any, client: Client
) -> None:
    text = (
        "Oui, nous nous engageons à créer 3 centres d'ici 2027, si l'État finance, mais "
        "peut-être pas avant. C'est à la préfecture de décider."
    )
    answer = graded(cast.list_b, {1: text})[1]
    client.force_login(cast.viewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    html = client.get(reverse("questionnaires:answer_review", kwargs={"pk": answer.pk}))
    page = html.content.decode()

    shown = set(re.findall(r'<mark class="cue cue-(\w+)" title="([^"]+)"', page))
    assert len({family for family, _ in shown}) >= 2, shown  # several families, told apart
    assert {label for _, label in shown} <= {
        "preuve",
        "réserve",
        "condition",
        "renvoi",
        "engagement",
    }
    legend = page.split('class="cue-legend"', 1)[1].split("</ul>", 1)[0]
    for family, label in (
        ("evidence", "preuve"),
        ("hedge", "réserve"),
        ("commitment", "engagement"),
    ):
        assert f'cue-{family}"><span class="cue-sign" aria-hidden="true"></span>{label}' in legend
    assert " · " not in "".join(label for _, label in shown)  # no engine label ("hedge · not yet")


def test_the_review_list_groups_answers_and_filters_the_unreviewed(
    cast: Any, client: Client
) -> None:
    answers = graded(cast.list_a)
    graded(cast.list_b)
    decision_record(
        reviewer=cast.reviewer, answer=answers[2], grade="yes", note="", seen_decision_id=None
    )

    groups = review_groups(cast.campaign)
    unreviewed = review_groups(cast.campaign, unreviewed_only=True)

    assert [g.candidate.name for g in groups] == ["Liste démo A", "Liste démo B"]
    assert [len(g.rows) for g in groups] == [10, 10]
    assert [len(g.rows) for g in unreviewed] == [9, 10]
    url = reverse("questionnaires:review_list", kwargs={"slug": cast.campaign.slug})
    page = english(client, cast.viewer).get(url + "?show=unreviewed")
    assert page.content.decode().count("not yet reviewed</em>") == 19


def test_the_review_list_costs_the_same_queries_whatever_the_number_of_answers(
    cast: Any, django_assert_num_queries: Any
) -> None:
    answers = graded(cast.list_a)
    for number in (1, 2, 3):
        decision_record(
            reviewer=cast.reviewer,
            answer=answers[number],
            grade=answers[number].suggested_grade,
            note="",
            seen_decision_id=None,
        )

    with django_assert_num_queries(2):  # answers with their joins, then their decisions
        review_groups(cast.campaign)
    graded(cast.list_b)
    with django_assert_num_queries(2):
        review_groups(cast.campaign)


def test_the_review_list_page_query_count_is_pinned(
    cast: Any, client: Client, django_assert_num_queries: Any
) -> None:
    graded(cast.list_a)
    graded(cast.list_b)
    url = reverse("questionnaires:review_list", kwargs={"slug": cast.campaign.slug})
    viewer = english(client, cast.viewer)
    viewer.get(url)  # warm the session

    # session, user, campaign, membership, answers, decisions (+ OTP device lookups)
    with django_assert_num_queries(8):  # +2: the header's network links; a session
        # force_login opened is checked for an authenticator (issue 12, finding 11)
        assert viewer.get(url).status_code == 200


def test_the_exports_round_trip_through_veilleuse_eval(
    cast: Any, client: Client, tmp_path: Path
) -> None:
    answers = graded(cast.list_a)
    graded(cast.list_b)
    for number, answer in answers.items():
        grade = "no" if number == 9 else answer.suggested_grade
        note = "A plain no." if number == 9 else ""
        decision_record(
            reviewer=cast.reviewer, answer=answer, grade=grade, note=note, seen_decision_id=None
        )
    reviewer = english(client, cast.reviewer)
    slug = {"slug": cast.campaign.slug}
    gold = reviewer.get(reverse("questionnaires:decisions_export", kwargs=slug))
    pred = reviewer.get(reverse("questionnaires:suggestions_export", kwargs=slug))
    (tmp_path / "decisions.jsonl").write_bytes(gold.content)
    (tmp_path / "suggestions.jsonl").write_bytes(pred.content)

    records = [json.loads(line) for line in gold.content.decode().splitlines()]
    assert len(records) == 10  # only the reviewed answers
    assert set(records[0]) == {"id", "question", "answer", "grade"}
    assert len(pred.content.decode().splitlines()) == 20
    result = json.loads(
        evaluate_files(
            str(tmp_path / "decisions.jsonl"), str(tmp_path / "suggestions.jsonl"), as_json=True
        )
    )
    assert result["count"] == 10
    assert result["accuracy"] == pytest.approx(0.9)


def test_a_viewer_cannot_decide(cast: Any, client: Client) -> None:
    answer = graded(cast.list_a)[2]
    url = reverse("questionnaires:answer_review", kwargs={"pk": answer.pk})
    viewer = english(client, cast.viewer)

    assert b'name="grade"' not in viewer.get(url).content
    assert viewer.post(url, {"grade": "yes", "confirm": "1"}).status_code == 404
    assert not Decision.objects.exists()


# Who may see what: every page of imports and reviews × every role.

ANONYMOUS, VIEWER, REVIEWER, ADMIN, OUTSIDER = (
    "anonymous",
    "viewer",
    "reviewer",
    "admin",
    "outsider",
)
PEOPLE = {VIEWER: "viewer", REVIEWER: "reviewer", ADMIN: "admin", OUTSIDER: "outsider"}
# (url name, method, data, status for a viewer, status for a reviewer or an admin)
PAGES = [
    ("import_upload", "get", {}, 404, 200),
    ("import_detail", "get", {}, 404, 200),
    ("import_paragraph_move", "post", {"index": 0, "question": "1"}, 404, 302),
    ("import_paragraph_split", "post", {"index": 0, "at": 1}, 404, 302),
    ("import_paragraph_merge", "post", {"index": 0}, 404, 302),
    ("import_accept", "post", {}, 404, 302),
    ("review_list", "get", {}, 200, 200),
    ("answer_review", "get", {}, 200, 200),
    ("answer_review", "post", {"grade": "yes", "confirm": "1"}, 404, 302),
    ("answer_confirm", "post", {"decision": 0}, 404, 302),
    ("decisions_export", "get", {}, 404, 200),
    ("suggestions_export", "get", {}, 404, 200),
]


def url_for(name: str, cast: Any) -> str:
    if name == "import_upload":
        kwargs: dict[str, Any] = {"slug": cast.campaign.slug, "pk": cast.list_a.pk}
    elif name.startswith("import_"):
        item = cast.list_a.imports.create(
            document="imports/seed.docx",
            original_name="seed.docx",
            status="ready",
            alignment={"paragraphs": [{"text": "Oui. Avec un budget.", "question": 1}]},
        )
        kwargs = {"pk": item.pk}
    elif name.startswith("answer_"):
        kwargs = {"pk": graded(cast.list_a, {1: "Oui, avec un budget de 2 M€."})[1].pk}
    else:
        kwargs = {"slug": cast.campaign.slug}
    return reverse(f"questionnaires:{name}", kwargs=kwargs)


@pytest.mark.parametrize("who", [ANONYMOUS, VIEWER, REVIEWER, ADMIN, OUTSIDER])
@pytest.mark.parametrize(("name", "method", "data", "as_viewer", "as_staff"), PAGES)
def test_access_to_every_review_page(
    cast: Any,
    client: Client,
    who: str,
    name: str,
    method: str,
    data: dict[str, Any],
    as_viewer: int,
    as_staff: int,
) -> None:
    url = url_for(name, cast)
    if who != ANONYMOUS:
        client.force_login(getattr(cast, PEOPLE[who]))

    page = getattr(client, method)(url, data)

    expected = {ANONYMOUS: 302, VIEWER: as_viewer, OUTSIDER: 404}.get(who, as_staff)
    assert page.status_code == expected
    if who == ANONYMOUS:
        assert page["Location"].startswith(reverse("accounts:login"))


def test_the_review_page_shows_each_part_of_a_demand_in_two_parts(
    cast: Any, client: Client
) -> None:
    answer = graded(cast.list_b, {1: "placeholder"})[1]
    question = answer.question
    question.text = (
        "Vous engagez-vous à limiter les contrôles d'identité et à mettre fin aux amendes ?"
    )
    question.save(update_fields=["text"])
    answer.text = (
        "Nous limiterons les contrôles d'identité dans les quartiers concernés. "
        "Les amendes, en revanche, resteront en vigueur."
    )
    answer.save(update_fields=["text"])
    response_grade(response_id=answer.response_id)

    stored = fresh(answer)
    assert [p["grade"] for p in stored.analysis["parts"]] == ["yes", "no"]
    assert stored.suggested_grade == "rather_yes"
    html = (
        english(client, cast.viewer)
        .get(reverse("questionnaires:answer_review", kwargs={"pk": answer.pk}))
        .content.decode()
    )
    assert "The demand's parts" in html
    assert "mettre fin aux amendes" in html
    assert "“Nous limiterons”" in html


def test_the_review_list_can_show_the_least_sure_suggestions_first(
    cast: Any, client: Client
) -> None:
    answers = graded(cast.list_b)
    confidences = sorted(a.confidence for a in answers.values() if a.confidence is not None)
    assert len(set(confidences)) > 1, "the seed's answers should not all be equally sure"
    url = reverse("questionnaires:review_list", kwargs={"slug": cast.campaign.slug})

    page = english(client, cast.viewer).get(url, {"order": "least_sure"})

    rows = page.context["groups"][0].rows
    shown = [r.answer.confidence for r in rows]
    assert shown == sorted(shown)
    assert "Least sure first" in page.content.decode()
    in_order = client.get(url).context["groups"][0].rows
    assert [r.answer.question.number for r in in_order] == sorted(
        r.answer.question.number for r in in_order
    )


def test_the_review_page_links_to_the_next_answer_and_the_last_one_does_not(
    cast: Any, client: Client
) -> None:
    answers = graded(cast.list_a)
    first, second = answers[min(answers)], sorted(answers.items())[1][1]
    reviewer = english(client, cast.reviewer)
    page = reviewer.get(reverse("questionnaires:answer_review", kwargs={"pk": first.pk}))
    next_url = reverse("questionnaires:answer_review", kwargs={"pk": second.pk})
    assert f'href="{next_url}" rel="next"' in page.content.decode()
    last = answers[max(answers)]
    page = reviewer.get(reverse("questionnaires:answer_review", kwargs={"pk": last.pk}))
    assert 'rel="next"' not in page.content.decode()
