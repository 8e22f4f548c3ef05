"""Journey: staff import a Word reply, fix one alignment, then review and override a grade.

alice (admin) adds the list "Emmanuel Grégoire" to the campaign, opens its page and uploads
the reply his campaign sent back as a Word document (the seed). The engine reads it in the
background; she checks the split side by side with the questionnaire, moves a paragraph to
another question and back, and accepts. Then bruno (reviewer) signs in on his own laptop,
opens the answers to review, reads question 9 with its evidence highlighted, disagrees with
the suggested « Plutôt non » and records another grade with a note, which the history keeps.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_journeys_answer import sign_in

SEED_DOCX = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "seed.docx"
CANDIDATE = "Emmanuel Grégoire"
NOTE = "La réponse renvoie à une étude : rien n’est promis, mais rien n’est refusé."


def open_when_read(page: Any) -> None:
    """The reading runs as a background task; reload a few times until the page says it is
    done (with immediate tasks in the test profile it is done at the first look)."""
    status = page.locator("h1 + p strong")
    for _ in range(10):
        if status.inner_text() != "En attente d’analyse":
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(status).to_have_text("Prêt à vérifier")


def scroll_to_top(locator: Any) -> None:
    """Bring a part of the page to the top of the screen, for the guide's screenshots."""
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")


def paragraph_answering(page: Any, number: int) -> Any:
    return page.locator("article.paragraph").filter(
        has=page.get_by_text(f"Répond à la question {number}", exact=True)
    )


def add_the_list_and_upload(page: Any, base_url: str) -> None:
    """alice adds the list, then uploads the .docx from its page."""
    sign_in(page, base_url, "alice")
    page.get_by_role("link", name="Questionnaire TDS municipales Paris").click()
    page.get_by_role("link", name="Toutes les listes").click()
    page.get_by_role("link", name="Ajouter une liste").click()
    page.locator("input[name=name]").fill(CANDIDATE)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CANDIDATE)

    # The list's page should lead to the import of a document its campaign sent back.
    import_link = page.get_by_role("link", name=re.compile(r"^Importer"))
    expect(import_link).to_be_visible()
    import_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Importer les réponses de {CANDIDATE}"
    )
    page.get_by_label("Document renvoyé par l’équipe de campagne").set_input_files(SEED_DOCX)
    page.get_by_role("button", name="Envoyer et lire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("seed.docx")
    open_when_read(page)


def check_the_split(page: Any) -> Any:
    """Side by side: the ten questions with how many paragraphs answer each, and the
    document. Returns the questions."""
    questions = page.locator(".import-questionnaire li")
    expect(questions).to_have_count(10)
    expect(questions.nth(8)).to_contain_text("coopérative")
    expect(questions.nth(8)).to_contain_text("3 paragraphes")
    expect(questions.nth(9)).to_contain_text("4 paragraphes")
    preamble = page.locator("article.paragraph.not-answer")
    expect(preamble.first).to_contain_text("Questionnaire TDS municipales Paris")
    expect(preamble.first.locator(".assigned")).to_have_text("Pas une réponse")
    ninth = paragraph_answering(page, 9)
    expect(ninth).to_have_count(3)
    expect(ninth.first.locator("blockquote")).to_contain_text("très difficile")
    expect(ninth.first.locator(".question-text")).to_contain_text("coopérative")
    screenshot(page, "import-questionnaire")
    scroll_to_top(ninth.first)
    screenshot(page, "import-alignment")
    return questions


def move_a_paragraph_and_back(page: Any, questions: Any) -> None:
    """alice moves the last paragraph of the answer to question 9 under question 10 …"""
    last = paragraph_answering(page, 9).last
    last_id = last.get_attribute("id")
    expect(last.locator("blockquote")).to_contain_text("Ces échanges pourraient permettre")
    last.get_by_label("Déplacer vers").select_option(label="Question 10")
    last.get_by_role("button", name="Déplacer", exact=True).click()
    moved = page.locator(f"#{last_id}")
    expect(moved.locator(".assigned")).to_have_text("Répond à la question 10")
    expect(moved.locator("blockquote")).to_contain_text("Ces échanges pourraient permettre")
    expect(questions.nth(8)).to_contain_text("2 paragraphes")
    expect(questions.nth(9)).to_contain_text("5 paragraphes")
    # … sees that it belonged to question 9 after all, and moves it back.
    moved.get_by_label("Déplacer vers").select_option(label="Question 9")
    moved.get_by_role("button", name="Déplacer", exact=True).click()
    expect(page.locator(f"#{last_id} .assigned")).to_have_text("Répond à la question 9")
    expect(questions.nth(8)).to_contain_text("3 paragraphes")
    expect(questions.nth(9)).to_contain_text("4 paragraphes")


def import_the_reply(page: Any, base_url: str) -> None:
    """alice's side: add the list, upload the .docx, fix and accept the alignment."""
    add_the_list_and_upload(page, base_url)
    questions = check_the_split(page)
    move_a_paragraph_and_back(page, questions)
    page.get_by_role("button", name="Accepter l’import").click()
    expect(page.get_by_role("status")).to_contain_text("Les réponses ont été importées et évaluées")
    expect(page.get_by_role("heading", name=re.compile(CANDIDATE))).to_be_visible()


def open_the_review_list(page: Any, base_url: str) -> Any:
    """bruno, reviewer, finds the list's ten answers, question 9 not yet reviewed. Returns
    the list's rows."""
    sign_in(page, base_url, "bruno")
    page.get_by_role("link", name="Questionnaire TDS municipales Paris").click()
    page.get_by_role("link", name="Relire les réponses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relire les réponses")
    group = page.locator("section.review-candidate").filter(
        has=page.get_by_role("heading", name=CANDIDATE)
    )
    rows = group.locator("tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.nth(8)).to_contain_text("Plutôt non")
    expect(rows.nth(8)).to_contain_text("pas encore relue")
    screenshot(page, "review-list")
    return rows


def read_question_nine(page: Any, rows: Any) -> None:
    rows.nth(8).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{CANDIDATE} · Question 9")
    expect(page.locator(".question")).to_contain_text("coopérative")
    # The evidence is highlighted in the answer itself, and the suggestion is shown as one.
    evidence = page.locator(".answer-text mark")
    expect(evidence.first).to_be_visible()
    assert evidence.count() >= 1
    expect(page.locator(".grade-rather_no").first).to_have_text("Plutôt non")
    expect(page.get_by_text("Pas encore relue.")).to_be_visible()
    screenshot(page, "review-answer")


def override_the_grade(page: Any) -> None:
    """bruno reads it as an opening rather than a refusal: he records "Flou / à l'étude"."""
    decide = page.locator("form.decide")
    decide.get_by_label("Évaluation").select_option("noncommittal")
    decide.get_by_label("Note").fill(NOTE)
    scroll_to_top(page.get_by_role("heading", name="Décision"))
    screenshot(page, "review-override")
    decide.get_by_role("button", name="Enregistrer cette évaluation").click()

    expect(page.get_by_role("status")).to_contain_text("Votre décision a été enregistrée")
    expect(page.get_by_text("Évaluation définitive")).to_be_visible()
    history = page.locator("ol.history li")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("bruno")
    expect(history.first).to_contain_text("Flou / à l’étude")
    expect(history.first).to_contain_text("remplace la suggestion")
    expect(history.first).to_contain_text(NOTE)
    scroll_to_top(page.get_by_role("heading", name="Décision"))
    screenshot(page, "review-decision")


def test_staff_import_a_word_reply_fix_it_and_override_a_suggested_grade(
    live_server: Any, live_cast: Any, laptop: Any, browser: Any
) -> None:
    import_the_reply(laptop, live_server.url)

    # bruno, reviewer, on his own laptop.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    rows = open_the_review_list(page, live_server.url)
    read_question_nine(page, rows)
    override_the_grade(page)
    page.get_by_role("link", name=re.compile("Toutes les réponses")).click()
    expect(rows.nth(8)).to_contain_text("Flou / à l’étude")
    expect(rows.nth(8)).not_to_contain_text("pas encore relue")
    context.close()
