"""Short titles: a few words that name a question or a commitment in a heading or a column.

``short_title("Seriez-vous prêt à soutenir l'abrogation des arrêtés anti-prostitution ?")``
gives ``"Soutenir l'abrogation des arrêtés anti-prostitution"``: the polite lead-in of a
question ("Seriez-vous prêt à", "Will you") and the addresses are dropped, and what is left is
cut after a whole word, never inside one, with "…" when something was cut. A proposal only:
staff edit it where it is shown.
"""

from __future__ import annotations

import re

from .text import accent_tolerant

# Lead-ins of the questions associations ask, French then English: "Seriez-vous prêt·e à",
# "Êtes-vous favorable à", "Vous engagez-vous à", "Soutiendrez-vous", "Will you support"...
_LEAD_IN = re.compile(
    accent_tolerant(
        r"^\s*(?:"
        r"(?:seriez|êtes|etes|serez)[- ]vous\s+(?:prêt|pret|favorable|disposé|dispose|d'accord"
        r"|en mesure|pour)\S*\s+(?:à|a|de|d'|pour)?\s*"
        r"|vous\s+engagez[- ]vous\s+(?:à|a)\s*"
        r"|vous\s+engageriez[- ]vous\s+(?:à|a)\s*"
        r"|(?:will|would|do|are)\s+you\s+(?:be\s+)?(?:ready\s+to|willing\s+to|in\s+favou?r\s+of)?\s*"
        r")"
    ),
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"<?\bhttps?://\S+>?|\bwww\.\S+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_ENDING = " ,;:.-–—("


def short_title(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters naming ``text``, cut between words (see the module)."""
    words = _SPACES.sub(" ", _ADDRESS.sub(" ", text)).strip()
    first_sentence = re.split(r"(?<=[?.!])\s", words, maxsplit=1)[0]
    bare = _LEAD_IN.sub("", first_sentence).rstrip(" ?!.") or first_sentence.rstrip(" ?!.")
    bare = bare[:1].upper() + bare[1:]
    if len(bare) <= limit:
        return bare
    cut = bare[: limit - 1]
    if " " in cut and not bare[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(_ENDING) + "…"
