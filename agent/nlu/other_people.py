"""Someone else's name, said outside the identity phase: "cancel Jean Dupont's appointment".

The graph refuses to act on another person's data without re-identification, so it must hear
the name even when nobody asked for one. Outside the identity phase a name is read only in three
tight places, and only when it looks like one (a listed given name first, or every word
capitalised), so "le rendez-vous de suivi" or "for Monday" stay free of names:

- a possessive: "Marie Curie's appointment";
- after a relative: "pour ma femme, Sophie Martin", "for my son Leo";
- after an appointment word or "pour"/"for": "le rendez-vous de Jean Dupont", "for Jean Dupont".

A practitioner is never a patient: a run right after "Dr"/"docteur" is skipped, and so is a name
that matches one of the practice's practitioners.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from agent.nlu.lexicon import word_list
from agent.nlu.normalize import Word, fold
from agent.nlu.people import _is_name_word, _known_given, _run, _split

_RELATIVES = word_list("relatives")
_BEFORE_NAME = word_list("owned_things")
_OF = frozenset({"de", "d", "for", "pour", "of"})
_DOCTORS = frozenset({"dr", "doc", "docteur", "doctor", "pr", "prof", "professeur", "professor"})
_POSSESSIVE = ("'s", "’s")


def _looks_like_name(run: list[Word]) -> bool:
    if _known_given(run[0]):
        return True
    return len(run) >= 2 and all(w.raw[:1].isupper() for w in run)


def _possessive(words: list[Word], i: int) -> list[Word]:
    """The name words ending at the possessive ``words[i]`` ("Marie Curie's")."""
    word = words[i]
    if not word.raw.endswith(_POSSESSIVE) or len(word.raw) < 4:
        return []
    bare = replace(word, raw=word.raw[:-2], fold=word.fold[:-2], end=word.end - 2)
    if not _is_name_word(bare):
        return []
    run = [bare]
    j = i - 1
    while j >= 0 and len(run) < 3 and _is_name_word(words[j]):
        run.insert(0, words[j])
        j -= 1
    if j >= 0 and words[j].fold in _DOCTORS:
        return []
    return run


def _after(words: list[Word], i: int) -> list[Word]:
    """The name words right after a relative or an appointment word at ``words[i]``."""
    word = words[i]
    start = i + 1
    if word.fold in _RELATIVES:
        run = _run(words, start)
        return run if run and _looks_like_name(run) else []
    if word.fold not in _OF:
        return []
    after_appointment = i > 0 and words[i - 1].fold in _BEFORE_NAME
    if not (after_appointment or word.fold in ("for", "pour")):
        return []
    if start < len(words) and words[start].fold in _DOCTORS:
        return []
    run = _run(words, start)
    return run if len(run) >= 2 and _looks_like_name(run) else []


def _is_practitioner(run: list[Word], practitioners: Sequence[str]) -> bool:
    said = {w.fold for w in run}
    return any(said <= set(fold(name).split()) for name in practitioners)


def find_other_person(
    words: list[Word], practitioners: Sequence[str] = ()
) -> tuple[str | None, str | None]:
    """Return (given_name, family_name) of a person named in passing, or (None, None).

    Args:
        words: the turn's words (``Utterance.words``), spelling and accents kept.
        practitioners: the practice's practitioner names; a name among them is no patient.
    """
    for i in range(len(words)):
        run = _possessive(words, i) or _after(words, i)
        if not run:
            continue
        if len(run) == 1 and not _known_given(run[0]):
            continue  # a lone unknown word ("Martin's") may be anyone, even a doctor
        if _is_practitioner(run, practitioners):
            continue
        return _split(run, family_first=False, titled=False)
    return None, None
