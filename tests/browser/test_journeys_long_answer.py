"""Journey: a list pastes an answer longer than the limit, on a phone (issue 14, item 9).

The page counts the characters and says by how much the answer is too long; the server
refuses it with a sentence, keeps the whole text in the form and saves nothing (no browser
``maxlength`` cuts it first). Before sending, the review page names the questions left
unanswered. "Save the draft" and "Review and send" do not look alike and do not touch.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from veilleuse.questionnaires.forms.campaigns import ANSWER_MAX_CHARS


def answer_link(cast: Any, base_url: str) -> str:
    from veilleuse.questionnaires.selectors.invitations import invitation_token
    from veilleuse.questionnaires.services.invitations import invitation_create

    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    return f"{base_url}/r/{invitation_token(invitation)}/"


def saved_texts(cast: Any) -> list[str]:
    from veilleuse.questionnaires.models import Answer

    return list(
        Answer.objects.filter(response__candidate=cast.list_a)
        .exclude(text="")
        .values_list("text", flat=True)
    )


def the_two_buttons_differ_and_stand_apart(phone: Any) -> None:
    save = phone.get_by_role("button", name="Enregistrer le brouillon")
    send = phone.get_by_role("button", name="Relire et envoyer")
    look = "el => getComputedStyle(el).backgroundColor"
    assert save.evaluate(look) != send.evaluate(look)
    a, b = save.bounding_box(), send.bounding_box()
    apart = max(b["x"] - (a["x"] + a["width"]), b["y"] - (a["y"] + a["height"]))
    assert apart >= 16, f"the buttons are {apart} px apart"


def test_a_too_long_answer_is_counted_refused_and_kept_whole(
    live_server: Any, live_cast: Any, phone: Any
) -> None:
    phone.goto(answer_link(live_cast, live_server.url))
    the_two_buttons_differ_and_stand_apart(phone)
    first = phone.locator("textarea").first
    counter = phone.locator("p.counter").first
    too_long = "Nous ouvrirons un centre de santé. " * (ANSWER_MAX_CHARS // 35 + 10)
    first.fill(too_long)
    expect(counter).to_contain_text("caractères de trop")
    expect(first).to_have_attribute("aria-invalid", "true")

    phone.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(phone.locator(".errorlist").first).to_contain_text("rien n’a été enregistré")
    assert phone.locator("textarea").first.input_value() == too_long.replace("\r", "")
    assert saved_texts(live_cast) == []

    phone.locator("textarea").first.fill("Oui, dès 2027.")
    expect(counter).to_contain_text("caractères sur")
    phone.get_by_role("button", name="Relire et envoyer").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Envoyer vos réponses")
    warning = phone.get_by_role("alert")
    expect(warning).to_contain_text("questions n’ont pas de réponse")
    expect(warning.get_by_role("link", name="Revenir pour y répondre")).to_be_visible()
    assert saved_texts(live_cast) == ["Oui, dès 2027."]
