"""Concrete commitments: what is promised, how much, with what budget, by when.

A commitment is a figure or a named creation in a sentence that promises to act ("création
de 100 nouveaux lieux de soins", "une mutuelle municipale fait partie du programme"), not a
figure that describes the present ("environ 635 euros" of an existing allowance).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Commitment, Span
from .text import Sentence, accent_tolerant, sentences

_FLAGS = re.IGNORECASE | re.UNICODE


def _rx(source: str) -> re.Pattern[str]:
    return re.compile(accent_tolerant(source), _FLAGS)


_NUMBER = r"(?<![\w.,])(\d{1,3}(?:[  .]\d{3})+|\d+(?:[.,]\d+)?)"
_MONEY = _rx(
    _NUMBER + r"\s*(?:(millions?|milliards?|million|billion|k)\s*(?:d['’]\s*)?)?"
    r"(€|euros?|eur\b|£|pounds?|\$|dollars?)"
    r"|(?:€|£|\$)\s?\d[\d  .,]*\s*(?:m|bn|million|billion)?\b"
)
_QUANTITY = _rx(
    _NUMBER + r"\s+((?:nouve(?:aux|lles?|au)\s+|new\s+|additional\s+|supplémentaires?\s+)?"
    r"[a-zà-ÿœ][\w’'-]+(?:\s+(?:de|d['’]|du|des|en|of|for)\s+[\w’'-]+){0,3}(?:\s+\d+)?)"
)
_MONTHS = (
    r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
    r"|décembre|january|february|march|april|may|june|july|august|september|october"
    r"|november|december)"
)
_DEADLINE = _rx(
    r"\b\d{1,2}(?:er)? " + _MONTHS + r" 20\d\d\b|\b" + _MONTHS + r" \d{1,2},? 20\d\d\b"
    r"|(?:dans|within|during) (?:les|the) (?:cent|\d+|first \w+) (?:premiers jours|days)"
    r"|first (?:\d+|hundred) days|(?:dès|à compter de|à partir de) (?:la première séance"
    r"|l['’]exercice 20\d\d|l['’]année 20\d\d)|"
    r"(?:d['’]ici|dès|avant|en|à partir de|au plus tard en|pour|by|from|before|in|within)\s+"
    r"(?:(?:la |l['’])?(?:fin (?:du|de la) (?:mandat|mandature)|première année|premier budget"
    r"|budget \d{4}|rentrée \d{4})|20\d\d|the end of (?:the|our) (?:term|mandate)"
    r"|(?:the )?first (?:year|budget)|\d+ (?:ans|mois|years|months))"
    r"|budget 20\d\d|(?:d['’]ici|by) (?:la fin de l['’]année|the end of the year)"
)
_PROMISE = _rx(
    r"\b(?:création|créer|créerons|ouvrir|ouvrirons|ouverture|construire|construction|financer"
    r"|financerons|financement|allouer|allouerons|débloquer|recruter|recrutement|doubler"
    r"|augmenter|augmenterons|mettre en place|mise en place|lancer|lancement|programme"
    r"|engag\w+|organisation|organiser|prévoir|prévoyons|consacrer|consacrerons|pérenniser"
    r"|will|commit\w*|create|open|build|fund|allocate|hire|invest|double|increase|launch|pledge"
    r"|abroger|abrogation|repeal)\b"
)
_CREATION = _rx(
    r"\b(?:la |l['’]|une |d['’]une |un )?(?:création|mise en place|ouverture|organisation"
    r"|construction|lancement|pérennisation|recrutement|augmentation)\s+(?:de|d['’]|du|des)\s*"
    r"[^,.;:()]{4,90}?(?=\s+(?:afin|pour|qui|dont|d['’]accès|fait|fera|vise|,|\.|;|:|\()|[,.;:(]|$)"
)
_COMMIT_OBJECT = _rx(
    r"\bnous (?:engagerons|créerons|financerons|ouvrirons|lancerons|organiserons|recruterons"
    r"|consacrerons|doublerons|allouerons|mettrons en place)\s+([^.;:]{4,120})"
    r"|\bwe will (?:fund|create|open|launch|build|allocate|hire|double|set up|organi[sz]e)\s+"
    r"([^.;:]{4,120})"
)
_DESCRIPTIVE = _rx(
    r"\b(?:environ|actuellement|aujourd['’]hui|à l['’]heure actuelle|currently"
    r"|today|about|around|prévue dans ce cadre|alignée?)\b"
)
# A creation that is only promised a study is not a commitment ("la création d'un centre
# mérite d'être étudiée").
_HEDGED = _rx(
    r"\bmérite\w*\b|\bétudi\w*|\bpourr\w+|\bexamin\w+|\bréfléch\w+|\bconsider"
    r"|\bstudy|\bexplore"
)
_NEGATED = _rx(r"\b(?:ne|n['’])\s*(?:\w+\s+){0,3}(?:pas|plus|jamais)\b|\b(?:not|never|no)\b")


_INSTRUMENT = _rx(
    r"\b(?:vœu|voeu|délibération|convention|subvention|ligne budgétaire|appel à projets|postes?"
    r"|poste budgétaire|budget participatif|motion|arrêté|grant|budget line|call for projects"
    r"|full-time|posts?)\b"
)


def has_means(text: str) -> bool:
    """A figure, an amount, a date or a named instrument: what makes a "yes" checkable."""
    return bool(
        _MONEY.search(text)
        or _DEADLINE.search(text)
        or _INSTRUMENT.search(text)
        or any(not _is_year(m.group(1)) for m in _QUANTITY.finditer(text))
    )


def extract_commitments(answer: str) -> tuple[Commitment, ...]:
    """Concrete commitments of an answer, each quoted verbatim."""
    found: list[Commitment] = []
    for sentence in sentences(answer):
        if not _PROMISE.search(sentence.text) or _NEGATED.search(sentence.text):
            continue
        found.extend(_from_sentence(sentence))
    return tuple(_dedupe(found))


def _from_sentence(sentence: Sentence) -> list[Commitment]:
    text = sentence.text
    budget = _first(_MONEY, text)
    deadline = _first(_DEADLINE, text)
    result: list[Commitment] = []
    for match in _QUANTITY.finditer(text):
        if _is_year(match.group(1)) or _descriptive_before(text, match.start()):
            continue
        quantity = _to_number(match.group(1))
        unit = match.group(2).strip()
        if _MONEY.match(text, match.start()):
            continue
        result.append(
            _commitment(
                sentence,
                match.start(),
                match.end(),
                f"{match.group(1)} {unit}",
                quantity,
                unit,
                budget,
                deadline,
            )
        )
    named = (*_CREATION.finditer(text), *_COMMIT_OBJECT.finditer(text))
    for match in named:
        if _HEDGED.search(text, match.start(), min(len(text), match.end() + 30)):
            continue
        what = match.group().strip()
        result.append(
            _commitment(sentence, match.start(), match.end(), what, None, "", budget, deadline)
        )
    if not result and budget and not _descriptive_before(text, text.find(budget)):
        start = text.find(budget)
        result.append(
            _commitment(sentence, start, start + len(budget), budget, None, "", budget, deadline)
        )
    return result


def _commitment(
    sentence: Sentence,
    start: int,
    end: int,
    what: str,
    quantity: float | None,
    unit: str,
    budget: str,
    deadline: str,
) -> Commitment:
    text = sentence.text
    while end > start and text[end - 1] in " ,;":
        end -= 1
    span = Span(sentence.start + start, sentence.start + end, text[start:end])
    return Commitment(
        what=what.strip(" ,;"),
        span=span,
        quantity=quantity,
        unit=unit,
        budget=budget,
        deadline=deadline,
    )


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group().strip() if match else ""


def _is_year(number: str) -> bool:
    return len(number) == 4 and number.startswith(("19", "20"))


def _descriptive_before(text: str, position: int) -> bool:
    return bool(_DESCRIPTIVE.search(text[max(0, position - 25) : position]))


def _to_number(raw: str) -> float:
    digits = raw.replace(" ", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")
    return float(digits.replace(",", "."))


def _dedupe(items: list[Commitment]) -> list[Commitment]:
    """Drop a commitment whose quote lies inside another one's, keeping the longer; the
    longer one inherits the figure of the one it contains ("création de 100 lieux")."""
    ordered = sorted(items, key=lambda c: (c.span.start, -(c.span.end - c.span.start)))
    kept: list[Commitment] = []
    for item in ordered:
        for index, container in enumerate(kept):
            if container.span.start <= item.span.start and item.span.end <= container.span.end:
                if container.quantity is None and item.quantity is not None:
                    kept[index] = replace(container, quantity=item.quantity, unit=item.unit)
                break
        else:
            kept.append(item)
    return kept
