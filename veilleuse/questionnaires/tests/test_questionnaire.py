"""Authoring the questionnaire: by hand, from a file, and versioned once it was sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from veilleuse.core.models import AuditEntry
from veilleuse.questionnaires.models import (
    Answer,
    Campaign,
    Question,
    QuestionnaireVersion,
    Response,
    Theme,
)
from veilleuse.questionnaires.services.invitations import invitation_create
from veilleuse.questionnaires.services.questionnaire import (
    QuestionDetails,
    question_create,
    question_delete,
    question_update,
    questionnaire_import,
    questionnaire_parse,
    theme_create,
    theme_delete,
)

DOCUMENTS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "documents"
YAML = """
title: Questionnaire court
themes:
  - title: Santé
    questions:
      - number: 1
        text: Financerez-vous un centre de santé communautaire ?
        demand: Un centre de santé
        yes_means: Un budget voté
      - number: 2
        text: Soutiendrez-vous les maraudes ?
  - title: Droits
    questions:
      - number: 3
        text: Abrogerez-vous les arrêtés anti-stationnement ?
"""


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def counts() -> tuple[int, int, int, int]:
    return (
        Question.objects.count(),
        Theme.objects.count(),
        QuestionnaireVersion.objects.count(),
        AuditEntry.objects.count(),
    )


def test_before_sending_questions_are_edited_freely_without_versions(cast: Any) -> None:
    details = QuestionDetails(number=11, text="Une question de plus ?")
    question = question_create(actor=cast.admin, campaign=cast.campaign, details=details)
    details = QuestionDetails(
        number=11,
        text="Une question de plus ?",
        demand="Plus",
        yes_means="Oui franc",
        position_statement="Nous y tenons.",
    )
    question_update(actor=cast.admin, question=question, details=details)

    cast.campaign.refresh_from_db()
    assert cast.campaign.questionnaire_version == 1
    assert not QuestionnaireVersion.objects.exists()
    assert AuditEntry.objects.filter(action="question.update").exists()


def test_after_the_first_invitation_each_change_is_a_new_version_with_its_note(
    cast: Any,
) -> None:
    invitation_create(actor=cast.admin, candidate=cast.list_a)
    question = cast.campaign.questions.get(number=4)

    question_update(
        actor=cast.admin,
        question=question,
        details=QuestionDetails(number=4, text="Financerez-vous Jasmine ?"),
        note="Nom de la plateforme précisé.",
    )

    cast.campaign.refresh_from_db()
    assert cast.campaign.questionnaire_version == 2
    v1, v2 = QuestionnaireVersion.objects.order_by("number")
    assert v2.note == "Nom de la plateforme précisé."
    assert v2.author == cast.admin
    texts = {q["number"]: q["text"] for q in v2.snapshot["questions"]}
    assert texts[4] == "Financerez-vous Jasmine ?"
    assert {q["number"]: q["text"] for q in v1.snapshot["questions"]}[4] != texts[4]


def test_after_sending_a_change_without_a_note_is_refused_and_nothing_changes(
    cast: Any,
) -> None:
    invitation_create(actor=cast.admin, candidate=cast.list_a)
    before = counts()

    details = QuestionDetails(number=11, text="Nouvelle ?")
    with pytest.raises(ValidationError, match="say what changed"):
        question_create(actor=cast.admin, campaign=cast.campaign, details=details)

    assert counts() == before


def test_two_questions_cannot_share_a_number(cast: Any) -> None:
    before = counts()

    details = QuestionDetails(number=3, text="Doublon ?")
    with pytest.raises(ValidationError, match="Question 3 already exists"):
        question_create(actor=cast.admin, campaign=cast.campaign, details=details)

    assert counts() == before


def test_an_answered_question_cannot_be_deleted(cast: Any) -> None:
    question = cast.campaign.questions.get(number=1)
    response = Response.objects.create(candidate=cast.list_a)
    Answer.objects.create(response=response, question=question, text="Oui.")

    with pytest.raises(ValidationError, match="cannot be deleted"):
        question_delete(actor=cast.admin, question=question)
    assert Question.objects.filter(pk=question.pk).exists()


def test_deleting_a_theme_keeps_its_questions(cast: Any) -> None:
    theme = theme_create(actor=cast.admin, campaign=cast.campaign, title="Divers")
    details = QuestionDetails(number=12, text="Autre ?", theme=theme)
    question = question_create(actor=cast.admin, campaign=cast.campaign, details=details)

    theme_delete(actor=cast.admin, theme=theme)

    question.refresh_from_db()
    assert question.theme is None


def test_a_questionnaire_is_imported_from_yaml_replacing_the_draft(cast: Any) -> None:
    questionnaire = questionnaire_parse(data=YAML.encode(), name="questionnaire.yaml")

    questionnaire_import(actor=cast.admin, campaign=cast.campaign, questionnaire=questionnaire)

    questions = list(cast.campaign.questions.select_related("theme").order_by("number"))
    assert [(q.number, q.theme.title) for q in questions] == [
        (1, "Santé"),
        (2, "Santé"),
        (3, "Droits"),
    ]
    assert questions[0].yes_means == "Un budget voté"
    assert cast.campaign.themes.count() == 2


def test_a_questionnaire_is_imported_from_json(cast: Any) -> None:
    data = {"title": "T", "questions": [{"number": 7, "text": "Seule question ?"}]}
    questionnaire = questionnaire_parse(data=json.dumps(data).encode(), name="q.json")

    questionnaire_import(actor=cast.admin, campaign=cast.campaign, questionnaire=questionnaire)

    assert list(cast.campaign.questions.values_list("number", flat=True)) == [7]


def test_a_questionnaire_is_recovered_from_a_document_like_the_seed(cast: Any) -> None:
    questionnaire = questionnaire_parse(
        data=(DOCUMENTS / "seed.docx").read_bytes(), name="seed.docx"
    )
    cast.campaign.questions.all().delete()

    questionnaire_import(actor=cast.admin, campaign=cast.campaign, questionnaire=questionnaire)

    assert cast.campaign.questions.count() == 10
    assert cast.campaign.themes.count() == 4


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("q.yaml", b"title: [unclosed", "not valid YAML"),
        ("q.json", b"{", "not valid JSON"),
        ("q.yaml", b"title: no questions\n", "no questions"),
        ("corrupt.docx", (DOCUMENTS / "corrupt.docx").read_bytes(), "damaged"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(32), "not a kind of document"),
    ],
)
def test_a_bad_questionnaire_file_is_refused_clearly(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        questionnaire_parse(data=data, name=name)


def test_once_sent_the_questionnaire_cannot_be_replaced_by_an_import(cast: Any) -> None:
    invitation_create(actor=cast.admin, candidate=cast.list_a)
    questionnaire = questionnaire_parse(data=YAML.encode(), name="q.yaml")
    before = counts()

    with pytest.raises(ValidationError, match="can no longer be replaced"):
        questionnaire_import(actor=cast.admin, campaign=cast.campaign, questionnaire=questionnaire)

    assert counts() == before


def test_an_admin_imports_through_the_page_and_a_bad_file_changes_nothing(
    client: Client, cast: Any
) -> None:
    client.force_login(cast.admin)
    url = f"/c/{cast.campaign.slug}/questionnaire/import/"
    before = counts()

    bad = client.post(url, {"file": SimpleUploadedFile("q.docx", b"\x89PNG\r\n\x1a\n")})
    assert bad.status_code == 400
    assert "could not be read" in bad.content.decode()
    assert counts() == before

    good = client.post(url, {"file": SimpleUploadedFile("q.yaml", YAML.encode())})
    assert good.status_code == 302
    assert Campaign.objects.get().questions.count() == 3


def test_an_admin_edits_a_question_through_the_page(client: Client, cast: Any) -> None:
    client.force_login(cast.admin)
    question = cast.campaign.questions.get(number=2)
    url = f"/c/{cast.campaign.slug}/questionnaire/questions/{question.pk}/"

    page = client.post(url, {"number": 2, "text": "Mutuelle municipale ?", "yes_means": "Oui"})

    assert page.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.yes_means) == ("Mutuelle municipale ?", "Oui")


def test_after_sending_the_page_asks_for_a_note(client: Client, cast: Any) -> None:
    invitation_create(actor=cast.admin, candidate=cast.list_a)
    client.force_login(cast.admin)
    question = cast.campaign.questions.get(number=2)
    url = f"/c/{cast.campaign.slug}/questionnaire/questions/{question.pk}/"

    page = client.post(url, {"number": 2, "text": "Mutuelle municipale ?"})

    assert page.status_code == 400
    assert "say what changed" in page.content.decode()
    question.refresh_from_db()
    assert question.text != "Mutuelle municipale ?"
