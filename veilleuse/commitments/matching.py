"""Which tracked commitments may a public act concern? Plain Python, no Django, so that it can
be measured on its own (docs/evaluation.md, "Matching acts to commitments").

Two kinds of evidence add up to a score between 0 and 1:

- for a funding commitment (it names a beneficiary, a SIRET or an amount): the act's
  beneficiary is the same organisation (same SIRET, or the same name once accents, case,
  legal forms and punctuation are set aside), and its amount is close to the one promised;
- for every commitment: the commitment's key terms (the object the engine's commitment
  extraction finds, "création d'un centre de santé communautaire", weighs double), the places
  it names (an arrondissement, "bois de Boulogne") and its figures ("100 places") found in the
  act's text.

The quote is the act's sentence that shares most key terms with the commitment, so that the
person confirming reads the passage, not the whole deliberation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import snowballstemmer

from veilleuse.analysis import extract_commitments

THRESHOLD = 0.5  # chosen on the development set only (docs/evaluation.md)


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS = _listed(
    """au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous cette cet sont etre avoir fait faire plus tout tous
    toute toutes afin ainsi aussi autre autres comme dont entre leurs lors sans selon sous
    vers chaque ville paris mairie municipal municipale conseil deliberation subvention
    association associations euros euro annee annees montant objet relatif relative portant
    attribution convention ans nouveau nouvelle nouveaux nouvelles creer creation mettre place
    mise ouvrir ouverture engage engageons engagement veillerons financer financement
    arrondissement creerons ouvrirons financerons doublerons lancerons demanderons sera
    seront ouverte ouvert geree gere avec"""
)
LEGAL_FORMS = _listed("association assoc asso sas sa sarl scop scic fondation federation")
_WORD = re.compile(r"[a-z0-9]+")
_PLACE = re.compile(
    r"\b(\d{1,2})\s*(?:e|eme|er)\b(?:\s+arrondissement)?"
    r"|\bbois de (?:boulogne|vincennes)\b|\b(?:porte|place|rue|quai|boulevard) (?:de |du |des )?\w+"
)
_FIGURE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?![\d])")
_REPEAL = re.compile(r"\babrog|\babolition|\bsuppression|\brepeal", re.I)


@dataclass(frozen=True)
class CommitmentText:
    key: int
    title: str
    quote: str = ""
    beneficiary_name: str = ""
    beneficiary_siret: str = ""
    amount: Decimal | None = None

    @property
    def funding(self) -> bool:
        return bool(self.beneficiary_name or self.beneficiary_siret or self.amount)


@dataclass(frozen=True)
class ActText:
    kind: str
    title: str
    text: str = ""
    beneficiary_name: str = ""
    beneficiary_siret: str = ""
    amount: Decimal | None = None


@dataclass(frozen=True)
class Match:
    score: float
    quote: str
    status: str
    why: tuple[str, ...] = field(default=())


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=32768)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=8192)
def terms(text: str) -> frozenset[str]:
    """The stems of the words that carry meaning."""
    words = _WORD.findall(fold(text).replace("’", " ").replace("'", " "))
    return frozenset(
        _stem(w) for w in words if len(w) > 3 and w not in STOPWORDS and not w.isdigit()
    )


def name_key(name: str) -> str:
    """An organisation's name without accents, case, punctuation or legal form."""
    words = _WORD.findall(fold(name))
    return " ".join(w for w in words if w not in LEGAL_FORMS)


def places(text: str) -> set[str]:
    return {" ".join(m.group().split()) for m in _PLACE.finditer(fold(text))}


def figures(text: str) -> set[int]:
    found = set()
    for raw in _FIGURE.findall(text):
        value = int(re.sub(r"\D", "", raw))
        if value >= 2 and not 1990 <= value <= 2100:  # a year is not a promised figure
            found.add(value)
    return found


@lru_cache(maxsize=1024)  # once per commitment, not once per act read
def key_terms(commitment: CommitmentText) -> tuple[frozenset[str], frozenset[str]]:
    """(all key terms, the object's terms): the object is what the engine's commitment
    extraction finds in the title (the quote is context, often longer), else the title."""
    objects = " ".join(item.what for item in extract_commitments(commitment.title))
    return terms(f"{commitment.title}. {commitment.quote}"), terms(objects or commitment.title)


def funding_score(commitment: CommitmentText, act: ActText) -> tuple[float, list[str]]:
    score, why = 0.0, []
    if commitment.beneficiary_siret and commitment.beneficiary_siret == act.beneficiary_siret:
        score, why = 0.6, ["SIRET"]
    elif commitment.beneficiary_name and _same_name(commitment.beneficiary_name, act):
        score, why = 0.5, ["beneficiary"]
    if commitment.amount and act.amount and score:
        gap = abs(commitment.amount - act.amount) / commitment.amount
        if gap <= Decimal("0.05"):
            score, why = score + 0.4, [*why, "amount"]
        elif gap <= Decimal("0.5"):
            score, why = score + 0.15, [*why, "amount close"]
    return score, why


def _same_name(name: str, act: ActText) -> bool:
    wanted = name_key(name)
    if not wanted:
        return False
    if act.beneficiary_name:
        return name_key(act.beneficiary_name) == wanted
    return f" {wanted} " in f" {name_key(act.title + ' ' + act.text)} "


def text_score(commitment: CommitmentText, act: ActText) -> tuple[float, list[str]]:
    wanted, core = key_terms(commitment)
    found = terms(f"{act.title} {act.text}")
    if not wanted:
        return 0.0, []
    coverage = len(wanted & found) / len(wanted)
    core_coverage = len(core & found) / len(core) if core else coverage
    score, why = 0.25 * coverage + 0.55 * core_coverage, ["terms"] if coverage else []
    shared_places = places(commitment.title + " " + commitment.quote) & places(
        act.title + " " + act.text
    )
    if shared_places:
        score, why = score + 0.15, [*why, "place"]
    shared = figures(commitment.title + " " + commitment.quote) & figures(act.title + act.text)
    if shared:
        score, why = score + 0.1, [*why, "figure"]
    return score, why


def best_passage(commitment: CommitmentText, act: ActText) -> str:
    """The act's sentence sharing most key terms with the commitment (the title if none)."""
    wanted, _core = key_terms(commitment)
    chunks = [c.strip() for c in re.split(r"(?<=[.;])\s+|\n+", act.text) if c.strip()]
    scored = [(len(terms(chunk) & wanted), -i, chunk) for i, chunk in enumerate(chunks)]
    best = max(scored, default=(0, 0, ""))
    return best[2][:600] if best[0] else act.title[:600]


def proposed_status(commitment: CommitmentText, act: ActText) -> str:
    """A repeal promised and an act that repeals: kept. Anything else decided: in progress."""
    promised = commitment.title + " " + commitment.quote
    if _REPEAL.search(promised) and _REPEAL.search(act.title + " " + act.text):
        return "kept"
    return "in_progress"


def match(commitment: CommitmentText, act: ActText, threshold: float = THRESHOLD) -> Match | None:
    """The proposal for ``act`` on ``commitment``, or None when the score is under
    ``threshold``."""
    money, money_why = funding_score(commitment, act) if commitment.funding else (0.0, [])
    words, words_why = text_score(commitment, act)
    score = min(1.0, money + words)
    if score < threshold:
        return None
    return Match(
        score=round(score, 3),
        quote=best_passage(commitment, act),
        status=proposed_status(commitment, act),
        why=tuple(money_why + words_why),
    )
