"""Small text tools shared by the segmenter, the aligner and the grader.

Everything here keeps character offsets: a sentence or token is always a slice of the text
it came from, so that evidence can be quoted verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Letters that campaign documents type with or without their accent ("A l'heure" for
# "À l'heure"); a lexicon pattern written with the accent also matches without it.
_ACCENT_CLASSES = {
    "é": "[ée]",
    "è": "[èe]",
    "ê": "[êe]",
    "à": "[àa]",
    "â": "[âa]",
    "ù": "[ùu]",
    "û": "[ûu]",
    "î": "[îi]",
    "ï": "[ïi]",
    "ô": "[ôo]",
    "ç": "[çc]",
    "'": "['’ʼ]",
}
_ABBREVIATIONS = ("M.", "Mme.", "Dr.", "St.", "cf.", "etc.", "p.", "art.", "n°.", "Mr.", "Mrs.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"“(\-–—]?\s?[A-ZÀ-ÖØ-Þ0-9])|\n+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_INCLUSIVE_SUFFIX = re.compile(
    r"(?:[·.•‧-](?:e|es|se|ses|le|les|ne|nes|rice|rices|trice|trices)\b"
    r"|(?<=[a-zà-ÿ])(?:SE|E|ES|SES|LES|NES)s?\b)"
)
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)

STOPWORDS = frozenset(
    [
        "a",
        "à",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "et",
        "être",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "même",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "où",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "si",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "été",
        "est",
        "sont",
        "était",
        "ont",
        "avait",
        "avez",
        "avons",
        "a",
        "ai",
        "as",
        "sera",
        "seront",
        "serait",
        "seriez",
        "serions",
        "pouvez",
        "pourriez",
        "cela",
        "ça",
        "celle",
        "celui",
        "ceux",
        "ceci",
        "comme",
        "plus",
        "très",
        "aussi",
        "tout",
        "tous",
        "toute",
        "toutes",
        "autre",
        "autres",
        "ainsi",
        "donc",
        "alors",
        "dont",
        "lors",
        "afin",
        "entre",
        "chez",
        "sans",
        "sous",
        "vers",
        "via",
        "ni",
        "soit",
        "non",
        "oui",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "you",
        "your",
        "we",
        "our",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "not",
        "no",
        "yes",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "than",
        "then",
        "so",
        "such",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "if",
        "about",
        "into",
        "over",
        "also",
        "more",
        "most",
        "very",
        "any",
        "all",
        "some",
        "other",
    ]
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def accent_tolerant(pattern: str) -> str:
    """Make every accented letter and apostrophe of a regex also match its plain form.

    Letters inside a character class (``[a-zà-ÿ]``) and escaped characters are left alone.
    """
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        else:
            out.append(_ACCENT_CLASSES.get(ch, ch))
    return "".join(out)


def fold(text: str) -> str:
    """Lower case without accents, for comparisons that must not depend on typing habits."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sentences(text: str) -> list[Sentence]:
    """Split text into sentences, each a verbatim slice with its offsets."""
    result: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        chunk = text[start : match.start()]
        if chunk.rstrip().endswith(_ABBREVIATIONS):
            continue
        _append_stripped(result, text, start, match.start())
        start = match.end()
    _append_stripped(result, text, start, len(text))
    return result


def _append_stripped(result: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        result.append(Sentence(start, end, text[start:end]))


def words(text: str) -> Iterator[str]:
    """Words of a text, lower-cased, elisions ("l'", "d'") and inclusive suffixes removed."""
    for match in _WORD.finditer(_INCLUSIVE_SUFFIX.sub("", text)):
        word = _ELISION.sub("", match.group()).lower()
        if word:
            yield word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A language-neutral stem: the French stemmer, then the English one (both are harmless
    on the other language's words, and questionnaires mix them in names and quotes)."""
    folded = fold(word)
    return str(_english().stemWord(_french().stemWord(folded)))


@lru_cache(maxsize=1)
def _french() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=1)
def _english() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


_URL = re.compile(r"<?\bhttps?://\S+|\bwww\.\S+")


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stop words, no one-letter words, no URLs)."""
    return [
        stem(w)
        for w in words(_URL.sub(" ", text))
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit())
    ]
