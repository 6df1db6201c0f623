"""Who is calling: the patient's name, birth date and whether they are new to the practice.

Names are read from the patient's own words (accents kept): after "je m'appelle", "my name
is", a title ("Mme Dupont"), in "Smith, John" form, or bare while the agent is asking for a name.
Given and family names are told apart by a short list of common given names, capitals
("DUPONT Marie") and the comma form; otherwise the order said is given name then family name.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from agent.nlu.dates import find_dates
from agent.nlu.language import COMMON_WORDS
from agent.nlu.lexicon import MONTHS, NUMBERS, WEEKDAYS, word_list
from agent.nlu.normalize import Utterance, Word
from agent.nlu.spelling import KEYWORDS

_STRONG_TRIGGERS = (
    ("je", "m'appelle"), ("m'appelle",), ("je", "m", "appelle"), ("m", "appelle"),
    ("je", "me", "nomme"), ("mon", "nom", "est"),
    ("mon", "nom", "c'est"), ("mon", "nom", "de", "famille", "est"), ("moi", "c'est"),
    ("my", "name", "is"), ("my", "name's"), ("name", "is"), ("name's",), ("nom",),
    ("name",), ("call", "me"), ("appelez", "moi"),
)  # fmt: skip
_WEAK_TRIGGERS = (
    ("this", "is"), ("i", "am"), ("i'm",), ("im",), ("je", "suis"), ("c'est",), ("ici",),
    ("it's",), ("ce", "sont"),
)  # fmt: skip
_TITLES = frozenset(
    [
        "m",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mister",
        "mme",
        "mlle",
        "madame",
        "monsieur",
        "mademoiselle",
        "sir",
        "madam",
    ]
)
_PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "ben",
        "bin",
        "el",
        "al",
        "mac",
        "st",
        "saint",
    ]
)
_NOT_NAMES = (
    COMMON_WORDS
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(NUMBERS)
    | frozenset(KEYWORDS)
    | word_list("not_names")
)
# Words that may surround a name given on request without making the turn a sentence.
_FILLERS = word_list("fillers") | frozenset(MONTHS)
_BIRTH_CUE = re.compile(r"\b(?:ne|nee|born|naissance|birth|dob|birthday|anniversaire)\b")
_NEW = re.compile(
    r"\b(?:premiere fois|first time|new patient|nouveau patient|nouvelle patiente|nouveau client"
    r"|jamais venue?s?|never been|never seen|never visited|not (?:yet )?(?:a patient|registered)"
    r"|pas encore (?:de dossier|patiente?|inscrite?|enregistree?)|pas de dossier"
    r"|i m new|i am new|je suis nouveau|je suis nouvelle|nouveau ici|new here"
    r"|don t have (?:a file|an account|a record)|vient d emmenager|just moved)\b"
)
_NOT_NEW = re.compile(
    r"\b(?:pas (?:un |une )?nouve(?:au|lle)|not (?:a )?new|deja venue?s?|deja patiente?"
    r"|deja (?:un|mon) dossier|already (?:a patient|registered|been)|existing patient"
    r"|regular patient|been (?:here|coming) before|i ve been before|j ai (?:deja )?un dossier"
    r"|je suis (?:deja )?suivie? (?:ici|chez vous)|come here regularly)\b"
)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    text = (Path(__file__).with_name("given_names.txt")).read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())  # fmt: skip


def _is_name_word(word: Word) -> bool:
    parts = re.split(r"[-']", word.fold)
    return (
        len(word.fold) >= 2
        and word.fold not in _NOT_NAMES
        and not all(p in _NOT_NAMES or len(p) < 2 for p in parts)
    )


def _known_given(word: Word) -> bool:
    return all(part in _given_names() for part in word.fold.split("-"))


def _pretty(word: Word) -> str:
    raw = word.raw.replace("’", "'")
    if word.fold in _PARTICLES and raw.islower():
        return raw
    if raw.islower() or raw.isupper():
        return "-".join("'".join(p[:1].upper() + p[1:].lower() for p in part.split("'"))
                        for part in raw.split("-"))  # fmt: skip
    return raw


def _run(words: list[Word], start: int) -> list[Word]:
    """Name words from ``start`` on, allowing particles inside ("Marie de la Fontaine")."""
    run: list[Word] = []
    i = start
    while i < len(words) and len(run) < 5:
        w = words[i]
        if _is_name_word(w):
            run.append(w)
        elif (run or w.raw[:1].isupper()) and w.fold in _PARTICLES and i + 1 < len(words):
            # "Marie de la Fontaine", and a capitalised leading "Le Gall", "Van der Berg".
            nxt = [x for x in words[i + 1 : i + 3] if x.fold not in _PARTICLES]
            if nxt and _is_name_word(nxt[0]):
                run.append(w)
            else:
                break
        else:
            break
        i += 1
    return run


def _split(run: list[Word], *, family_first: bool, titled: bool) -> tuple[str | None, str | None]:
    if run[0].fold in _PARTICLES:  # "Le Gall Yann", "Van der Berg": the particle opens the surname
        cut = next((i for i, w in enumerate(run) if w.fold not in _PARTICLES), len(run) - 1) + 1
        given_words = " ".join(_pretty(w) for w in run[cut:]) or None
        return given_words, " ".join(_pretty(w).capitalize() if i == 0 else _pretty(w)
                                     for i, w in enumerate(run[:cut]))  # fmt: skip
    if len(run) == 1:
        only = run[0]
        if titled or not _known_given(only):
            return None, _pretty(only)
        return _pretty(only), None
    capitals = [w for w in run if w.raw.isupper() and len(w.raw) > 1]
    if capitals and len(capitals) < len(run):
        family = [w for w in run if w in capitals]
        given = [w for w in run if w not in capitals]
    else:
        if not family_first:
            first_known = _known_given(run[0])
            last_known = _known_given(run[-1])
            family_first = last_known and not first_known
        if family_first:
            family, given = [run[0]], run[1:]
        else:
            cut = len(run) - 1
            while cut > 1 and run[cut - 1].fold in _PARTICLES:
                cut -= 1
            given, family = run[:cut], run[cut:]
    return " ".join(_pretty(w) for w in given) or None, " ".join(_pretty(w) for w in family)


# "C'est pour mon fils Lucas Bernard", "it's for my mum, Marguerite Rousseau": the person the
# visit is for, named in full after who they are to the caller.
_RELATIONS = (
    ("mon", "fils"), ("ma", "fille"), ("mon", "enfant"), ("ma", "petite"), ("mon", "petit"),
    ("ma", "mere"), ("mon", "pere"), ("ma", "maman"), ("mon", "papa"), ("mon", "mari"),
    ("ma", "femme"), ("ma", "grand", "mere"), ("mon", "grand", "pere"), ("my", "son"),
    ("my", "daughter"), ("my", "child"), ("my", "little", "boy"), ("my", "little", "girl"),
    ("my", "mother"), ("my", "mum"), ("my", "mom"), ("my", "father"), ("my", "dad"),
    ("my", "husband"), ("my", "wife"), ("my", "grandmother"), ("my", "grandfather"),
)  # fmt: skip
_GIVEN_TRIGGERS = (("prenom",), ("first", "name"), ("given", "name"))
_FAMILY_TRIGGERS = (("nom", "de", "famille"), ("nom",), ("last", "name"), ("surname",),
                    ("family", "name"))  # fmt: skip
_LINKS = frozenset({"c'est", "est", "is", "s", "c", "'s"})


def _name_parts(words: list[Word]) -> tuple[str | None, str | None]:
    """Given and family names said separately: "mon prénom c'est Sophie et mon nom Durand"."""
    found: dict[str, str] = {}
    for i in range(len(words)):
        for kind, triggers in (("given", _GIVEN_TRIGGERS), ("family", _FAMILY_TRIGGERS)):
            for trigger in triggers:
                if kind in found or not _matches_at(words, i, trigger):
                    continue
                j = i + len(trigger)
                while j < len(words) and words[j].fold in _LINKS:
                    j += 1
                run = _run(words, j)
                if run:
                    found[kind] = " ".join(_pretty(w) for w in run)
                break
    if "given" not in found:
        return None, None  # a lone "nom" trigger is handled as a whole name by the caller
    return found.get("given"), found.get("family")


_TRIGGER_STARTS = _TITLES | {t[0] for t in (*_STRONG_TRIGGERS, *_WEAK_TRIGGERS)}


def _matches_at(words: list[Word], i: int, trigger: tuple[str, ...]) -> bool:
    return tuple(w.fold for w in words[i : i + len(trigger)]) == trigger


# "Michael Brown, born 25 August" comes back from speech-to-text as "Michael Brown, Orn 25
# August" ("Horn", "Warren"), and "Grace Wilson born the 30th" as "Grace Wilson formed the
# 30th" ("warned", "bored"): one unknown word between a full name's comma and a date, or a
# lower-case word between a capitalised full name and a date, is the birth cue misheard, not
# a third name. "Brown, Michael 25/08/1972" keeps its given name.
_CUE_BEFORE_DATE = (
    re.compile(r"[^\W\d_]\s*,\s*([^\W\d_]+)\s+(?:the\s+|le\s+)?\d"),
    re.compile(
        r"\b[A-Z][\w'’-]*\s+[A-Z][\w'’-]*\s+([a-z]+)\s+(?:on\s+)?(?:the\s+|le\s+)?"
        r"(?:\d|(?:[a-z]+-)?(?:first|second|third|[a-z]+th|premier|premiere)\b)"
    ),
)


def _without_misheard_cue(utterance: Utterance) -> list[Word]:
    words = utterance.words
    match = next((m for p in _CUE_BEFORE_DATE if (m := p.search(utterance.raw))), None)
    if match is None:
        return words
    cue = next((w for w in words if w.start == match.start(1)), None)
    if cue is None or _known_given(cue):
        return words
    before = [w for w in words if w.end <= cue.start]
    if len(_run(before, max(0, len(before) - 2))) < 2:  # a full name before the comma
        return words
    return [w for w in words if w is not cue]


def find_name(utterance: Utterance, *, expecting: bool) -> tuple[str | None, str | None]:
    """Return (given_name, family_name) said in the turn; (None, None) when none.

    Args:
        utterance: the normalised turn.
        expecting: the agent just asked for a name, so a bare "Marie Dupont" is one.
    """
    words = _without_misheard_cue(utterance)
    parts = _name_parts(words)
    if parts != (None, None):
        return parts
    comma = re.fullmatch(r"\s*([^\W\d_][\w'’-]*)\s*,\s*([^\W\d_][\w'’-]*)\s*[.!]?\s*",
                         utterance.raw)  # fmt: skip
    if comma and expecting and all(_is_name_word(w) for w in words[:2]) and len(words) == 2:
        return _pretty(words[1]), _pretty(words[0])
    for i in range(len(words)):
        if words[i].fold not in _TRIGGER_STARTS:
            continue  # cheap skip: most words start no trigger
        for trigger in _STRONG_TRIGGERS:
            if _matches_at(words, i, trigger):
                run = _run(words, i + len(trigger))
                if run:
                    return _split(run, family_first=False, titled=False)
        if words[i].fold in _TITLES and i + 1 < len(words):
            run = _run(words, i + 1)
            if run:
                return _split(run, family_first=False, titled=True)
        for trigger in _WEAK_TRIGGERS:
            if _matches_at(words, i, trigger):
                run = _run(words, i + len(trigger))
                looks_like_name = run and (
                    expecting or _known_given(run[0]) or run[0].raw[:1].isupper()
                )
                if looks_like_name:
                    return _split(run, family_first=False, titled=False)
    for i in range(len(words)):
        for relation in _RELATIONS:
            if _matches_at(words, i, relation):
                run = _run(words, i + len(relation))
                if len(run) >= 2:
                    return _split(run, family_first=False, titled=False)
    chatter = [w for w in words if w.fold in COMMON_WORDS and w.fold not in _FILLERS]
    if expecting and len(chatter) > 1:
        # A sentence around the name ("c'est pour ma fille, Léa Martin"): only a capitalised
        # pair of name words counts.
        for i in range(len(words)):
            run = _run(words, i)
            if len(run) >= 2 and all(w.raw[:1].isupper() for w in run):
                return _split(run, family_first=False, titled=False)
    if expecting and len(chatter) <= 1:
        for i in range(len(words)):
            run = _run(words, i)
            if run and (2 <= len(run) <= 4 or len(words) <= 3):
                return _split(run, family_first=False, titled=False)
    return None, None


# "born in 1972 on the 25th of August", "née en 1963, le 7 avril": the year said first.
_YEAR_FIRST = re.compile(
    r"\b(?:in|en) (\d{4}),? (?:on )?(?:the |le )?(\d{1,2}(?:st|nd|rd|th|er|e)? (?:of |de )?[a-z]+"
    r"|[a-z]+ \d{1,2}(?:st|nd|rd|th)?)\b"
)


# "born on two November" written by speech-to-text as "born on to November": "to"/"too" is
# "two" when a month and a year follow (never "move it to November", which has no year).
_SAID_TWO = re.compile(
    r"\b(?:to|too)(?= (?:of )?(?:" + "|".join(m for m in MONTHS if m.isalpha()) + r")\b,? \d{4})"
)


def find_birth_date(folded: str, today: date, *, expecting: bool) -> date | None:
    """A birth date: a full past date after "né le"/"born", or any full past date while the
    agent is asking for identity."""
    folded = _SAID_TWO.sub("2", _YEAR_FIRST.sub(r"\2 \1", folded))
    for span in find_dates(folded, today, prefer="past"):
        cue = _BIRTH_CUE.search(folded[max(0, span.start - 30) : span.start])
        plausible = span.has_year and today.year - 120 < span.value.year and span.value < today
        if plausible and (expecting or cue or span.value.year < today.year - 1):
            return span.value
    return None


def find_new_patient(corrected: str) -> bool | None:
    """True when the caller says they are new, False when they say they are not."""
    if _NOT_NEW.search(corrected):
        return False
    if _NEW.search(corrected):
        return True
    return None
