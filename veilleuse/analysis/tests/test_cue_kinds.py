"""The cue kinds are one closed list (``model.CueKind``) that the lexicon, the grader and the
pages share: a kind outside it, or one the lexicon's documentation forgets, fails here."""

from __future__ import annotations

from typing import get_args

from veilleuse.analysis import lexicon
from veilleuse.analysis.model import CUE_KINDS, CueKind, is_cue_kind


def test_every_pattern_of_the_lexicon_has_a_known_kind() -> None:
    used = {
        p.kind
        for p in (
            *lexicon.patterns(),
            *lexicon.opening_patterns(),
            *lexicon.authority_patterns(),
        )
    }
    assert used <= CUE_KINDS


def test_the_lexicon_documents_every_kind() -> None:
    doc = lexicon.__doc__ or ""
    missing = [kind for kind in get_args(CueKind) if kind not in doc]
    assert missing == []


def test_is_cue_kind_accepts_the_kinds_only() -> None:
    assert all(is_cue_kind(kind) for kind in get_args(CueKind))
    assert not is_cue_kind("supports")
    assert not is_cue_kind(None)
