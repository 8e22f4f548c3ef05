"""Journey: a list answers the questionnaire through its personal link, on a phone.

alice (admin of "Collectif démo") prepares the invitation on a laptop the way she would at
the association: she signs in, opens the campaign, the lists, "Liste démo A", gives it an
e-mail address, makes its personal link and sends it. The list's campaign team opens the
link from the e-mail on a phone: reads the questionnaire, types a few answers, saves a
draft, leaves, comes back, finds the draft, reads everything once more, sends, and is
thanked. Sending twice is refused politely; a mangled link opens nothing.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from veilleuse.demo import CAST_PASSWORD

LIST_EMAIL = "equipe-liste-a@example.org"
ANSWER_1 = "Oui. Nous ouvrirons un centre de santé communautaire dès 2027."
ANSWER_4 = "Nous financerons Jasmine à hauteur de 50 000 euros par an."
ANSWER_9 = "Cette proposition mérite d'être étudiée avec les associations."


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(CAST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # A moderator lands on her queue (issue 14), everyone else on the campaigns.
    lands = "File de modération" if username == "mona" else "Campagnes"
    expect(page.get_by_role("heading", level=1)).to_contain_text(lands)


def invite_list_a(page: Any, base_url: str, mailoutbox: list[Any]) -> str:
    """alice's side, on the laptop: returns the link as the list received it by e-mail."""
    sign_in(page, base_url, "alice")
    page.get_by_role("link", name="Questionnaire TDS municipales Paris").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaire TDS municipales Paris")
    page.get_by_role("link", name="Toutes les listes").click()
    expect(page.get_by_role("heading", name="Listes et candidat·es")).to_be_visible()
    page.get_by_role("link", name="Liste démo A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liste démo A")
    expect(page.locator("#status")).to_have_text("Non invitée")
    expect(page.get_by_text("Pas encore de lien.")).to_be_visible()
    # Without an address there is nothing to send to: alice adds the team's e-mail first.
    expect(page.get_by_role("button", name=re.compile("Envoyer le lien"))).to_have_count(0)
    page.get_by_role("link", name="Modifier", exact=True).click()
    page.locator("input[name=email]").fill(LIST_EMAIL)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liste démo A")

    page.get_by_role("button", name="Créer le lien").click()
    expect(page.get_by_role("status")).to_contain_text("Le lien est prêt")
    copied = page.locator("#invitation-link").input_value()
    assert re.search(r"/r/[^/]+/$", copied), copied
    page.get_by_role("button", name=f"Envoyer le lien à {LIST_EMAIL}").click()
    expect(page.get_by_role("status")).to_contain_text(f"L’invitation a été envoyée à {LIST_EMAIL}")
    expect(page.locator("#status")).to_contain_text("Invitée le")
    # The contact log keeps the dated proof that the list was asked.
    expect(page.locator(".contacts li")).to_have_count(1)
    expect(page.locator(".contacts")).to_contain_text("alice")
    screenshot(page, "candidate-link")

    assert len(mailoutbox) == 1
    invitation = mailoutbox[0]
    assert invitation.to == [LIST_EMAIL]
    assert invitation.subject == "Questionnaire TDS municipales Paris"
    assert copied in invitation.body, "the e-mail carries the link shown to alice"
    return copied


def the_form_opens_on_a_phone(page: Any, link: str) -> None:
    """The campaign team opens the link from the e-mail on a phone: no account, no password."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaire TDS municipales Paris")
    expect(page.get_by_text("Collectif démo", exact=False).first).to_be_visible()
    expect(page.get_by_text("Liste démo A", exact=False).first).to_be_visible()
    legends = page.locator("fieldset legend")
    expect(legends).to_have_count(4)
    expect(legends.first).to_have_text("Droit et accès à l'accompagnement sanitaire et social")
    expect(legends.nth(3)).to_have_text("Droits des étrangers, migration et traite")
    expect(page.locator("textarea")).to_have_count(10)
    # The page fits the phone: nothing to scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the answer page is {width}px wide on a 360px screen"
    screenshot(page, "answer-form-phone")


def save_a_draft_and_come_back(page: Any, link: str) -> None:
    """Two answers saved as a draft; the team leaves, comes back later with the same link:
    the draft is there, and they answer one more question."""
    page.get_by_label(re.compile(r"^1\. Seriez-vous favorable à un centre")).fill(ANSWER_1)
    page.get_by_label(re.compile(r"^4\. Soutiendriez-vous financièrement le projet Jasmine")).fill(
        ANSWER_4
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Vos réponses sont enregistrées")
    screenshot(page, "answer-draft-saved-phone")

    page.goto("about:blank")
    page.goto(link)
    expect(page.get_by_label(re.compile(r"^1\. "))).to_have_value(ANSWER_1)
    expect(page.get_by_label(re.compile(r"^4\. "))).to_have_value(ANSWER_4)
    expect(page.get_by_label(re.compile(r"^2\. "))).to_have_value("")
    page.get_by_label(re.compile(r"^9\. Seriez-vous prêt à soutenir un projet pilote")).fill(
        ANSWER_9
    )


def read_again_and_send(page: Any, mailoutbox: list[Any]) -> Any:
    """Sending goes through one more reading of every answer. Returns a second tab left open
    on the confirmation page, to try sending twice later."""
    page.get_by_role("button", name="Relire et envoyer").click()
    expect(page).to_have_url(re.compile(r"/submit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Envoyer vos réponses")
    expect(page.get_by_text("Une fois envoyées")).to_be_visible()
    expect(page.get_by_text(ANSWER_1)).to_be_visible()
    expect(page.get_by_text(ANSWER_4)).to_be_visible()
    expect(page.get_by_text(ANSWER_9)).to_be_visible()
    assert mailoutbox[-1].subject == "Questionnaire TDS municipales Paris", "nothing sent yet"
    screenshot(page, "answer-confirm-phone")
    stale = page.context.new_page()
    stale.goto(page.url)
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Merci\u00a0: vos réponses ont bien été reçues"
    )
    expect(page.get_by_text(ANSWER_9)).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    screenshot(page, "answer-thanks-phone")
    return stale


def the_acknowledgement_went_to_the_list(mailoutbox: list[Any]) -> None:
    """The acknowledgement went to the address the invitation was sent to."""
    assert len(mailoutbox) == 2
    acknowledgement = mailoutbox[1]
    assert acknowledgement.to == [LIST_EMAIL]
    # French typography puts a no-break space (narrow or not) before the colon.
    subject = acknowledgement.subject.replace("\u202f", " ").replace("\u00a0", " ")
    assert subject == "Réponses reçues : Questionnaire TDS municipales Paris"
    assert "Liste démo A" in acknowledgement.body
    assert "Collectif démo" in acknowledgement.body


def nothing_can_be_sent_twice(page: Any, stale: Any, link: str, mailoutbox: list[Any]) -> None:
    """Opening the link again shows what was sent, and offers no way to change it."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos réponses ont déjà été envoyées")
    expect(page.get_by_text(ANSWER_1)).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_role("button", name="Relire et envoyer")).to_have_count(0)
    # The tab left open on the confirmation page cannot send a second time either.
    stale.get_by_role("button", name="Envoyer mes réponses").click()
    expect(stale.get_by_role("heading", level=1)).to_have_text("Vos réponses ont déjà été envoyées")
    expect(stale.get_by_text(ANSWER_9)).to_be_visible()
    screenshot(stale, "answer-already-sent-phone")
    stale.close()
    assert len(mailoutbox) == 2, "no second acknowledgement"


def a_broken_link_opens_nothing(page: Any, link: str) -> None:
    """A link with a character missing opens nothing, and says what to do."""
    broken = link.rstrip("/")[:-1] + "/"
    response = page.goto(broken)
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien n’est pas valable")
    expect(page.get_by_text("Vérifiez que vous avez copié le lien en entier")).to_be_visible()
    expect(page.get_by_text("Questionnaire TDS municipales Paris")).to_have_count(0)
    screenshot(page, "answer-link-not-valid-phone")


def test_a_list_answers_through_its_personal_link_on_a_phone(
    live_server: Any, live_cast: Any, laptop: Any, phone: Any, mailoutbox: list[Any], settings: Any
) -> None:
    # The site address the links are built from is this server's (VEILLEUSE_SITE_URL).
    settings.VEILLEUSE_SITE_URL = live_server.url
    link = invite_list_a(laptop, live_server.url, mailoutbox)
    assert link.startswith(live_server.url)
    the_form_opens_on_a_phone(phone, link)
    save_a_draft_and_come_back(phone, link)
    stale = read_again_and_send(phone, mailoutbox)
    the_acknowledgement_went_to_the_list(mailoutbox)
    nothing_can_be_sent_twice(phone, stale, link, mailoutbox)
    a_broken_link_opens_nothing(phone, link)

    # Back at the association, the list shows as answered.
    laptop.goto(f"{live_server.url}/")
    laptop.get_by_role("link", name="Questionnaire TDS municipales Paris").click()
    expect(laptop.locator("#count-answered")).to_have_text("1")
    laptop.get_by_role("link", name="Toutes les listes").click()
    row = laptop.get_by_role("row").filter(has_text="Liste démo A")
    expect(row).to_contain_text("A répondu le")
