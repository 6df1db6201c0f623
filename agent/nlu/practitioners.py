"""Who and what kind of care: practitioner mentions, "anyone", "same as last time", and the
specialty and service words of the clinic catalogue (``catalogue.yaml``).

A practitioner said with a title ("docteur martn") is matched fuzzily against the practice's
names; a bare surname must match exactly, so "demain matin" never finds Dr Martin.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

from agent.clinic.providers import find_provider_kind
from agent.nlu.language import COMMON_WORDS
from agent.nlu.normalize import Word
from agent.phonetics import LANGUAGES, readings, zipf
from fhir_adapters.matching import fold, strip_titles
from fhir_adapters.name_index import NameIndex

_TITLE = re.compile(
    r"\b(?:dr|doctor|docteur|doctoresse|doc|docter|doctour|prof|professeur|professor)\b\.?\s*"
    r"([a-z][a-z'-]*(?: [a-z][a-z'-]*)?)"
)
_WITH = re.compile(r"\b(?:with|avec|chez|see|voir)\s+([a-z][a-z'-]*(?: [a-z][a-z'-]*)?)")
_ANY = re.compile(
    r"\b(?:anyone|anybody|whoever|any (?:doctor|practitioner|gp|dentist|one)|no preference"
    r"|doesn t matter|does not matter|don t mind who|don t care who|whichever"
    r"|n importe (?:qui|lequel|laquelle|quel|quelle)|peu importe|pas de preference"
    r"|aucune preference|ca m est egal|c est egal|indifferent|le premier (?:medecin )?disponible"
    r"|(?:qui|whoever) (?:est |is )?(?:disponible|libre|free|available))\b"
)
_SAME = re.compile(
    r"\b(?:same (?:doctor|one|person|practitioner|gp|dentist)|same as (?:last time|before)"
    r"|(?:my|the) usual (?:doctor|gp|one)|my (?:regular|own) (?:doctor|gp)"
    r"|(?:le|la) meme (?:medecin|docteur|praticien|personne|que (?:la derniere fois|d habitude))"
    r"|meme medecin|meme docteur|mon medecin (?:habituel|traitant)|ma doctoresse"
    r"|comme la derniere fois|who i saw last time|que j ai vu la derniere fois)\b"
)


KNOWN_ZIPF = 2.5
"""A word at least this common (wordfreq) was probably said as itself."""


@lru_cache(maxsize=4096)
def _variants(name: str) -> list[str]:
    stripped = strip_titles(name)
    parts = stripped.split()
    return [v for v in {stripped, parts[-1] if parts else "", fold(name)} if v]


def find_practitioner(
    corrected: str,
    names: list[str],
    *,
    bare_names: bool = True,
    said: list[Word] | None = None,
    by_sound: bool = False,
) -> str | None:
    """Return the practitioner named in the turn, or None.

    Args:
        corrected: folded turn, without spelling repair (which could turn "Martin" into
            "matin").
        names: the practice's practitioner names ("Dr Claire Martin").
        bare_names: also accept a surname said without a title (off while the patient is
            giving their own name).
        said: the turn's words as typed; a name the practice does not know is only reported
            when it was capitalised ("Dr Durand", not "could the doctor renew").
        by_sound: the turn is a speech transcript: a titled name that matches no spelling is
            then compared by sound ("Dr. DuWa": Dubois).

    Returns:
        The practice's spelling of the name when it matches one, else the title and name as
        said ("Dr Durand") for a titled name the practice does not know.
    """
    indexed = _indexed(tuple(names))
    candidates = [m.group(1) for m in _TITLE.finditer(corrected)]
    candidates += [m.group(1) for m in _WITH.finditer(corrected)]
    for candidate in candidates:
        words = candidate.split()
        for query in (words[0], candidate) if len(words) > 1 else (candidate,):
            match = indexed.best(query)
            if match:
                return match
    if by_sound:
        for candidate in candidates:
            match = indexed.sounds_like(candidate.split()[0])
            if match:
                return match
    if bare_names:
        found = indexed.bare_surname(set(corrected.split()))
        if found:
            return found
    capitalised = {w.fold for w in said or [] if w.raw[:1].isupper()}
    for m in _TITLE.finditer(corrected):
        word = m.group(1).split()[0]
        if len(word) >= 3 and word not in COMMON_WORDS and word in capitalised:
            return f"Dr {word.capitalize()}"
    return None


class _Names:
    """The practice's names indexed once: fuzzy lookup and surname spotting (sub-linear)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.index = NameIndex(_variants(n) for n in names)
        self.first_by_family: dict[str, int] = {}
        for at, name in enumerate(names):
            family = strip_titles(name).split()[-1:]
            if family and len(family[0]) >= 4:
                self.first_by_family.setdefault(family[0], at)

    def best(self, query: str) -> str | None:
        if query in COMMON_WORDS or len(query) < 3:
            return None
        scored = [(score, self.names[at]) for at, score in self.index.search(query)]
        return max(scored)[1] if scored else None

    def sounds_like(self, word: str) -> str | None:
        """The one name whose surname sounds like ``word``: one phoneme apart, or two for a
        non-word of five phonemes or more ("Robert" is a name of its own, not Hébert).

        Recognisers write a name they do not know as something that sounds like it ("DuWa",
        "Dubaw" for Dubois) and spelling is then no guide. Both languages' readings are tried
        (a French surname in an English call is said the French way, or not). Unique or
        nothing: two surnames that both sound close give no answer.
        """
        if word in COMMON_WORDS or len(word) < 3:
            return None
        known_word = any(zipf(word, language) >= KNOWN_ZIPF for language in LANGUAGES)
        families = {at: f[-1] for at, n in enumerate(self.names) if (f := strip_titles(n).split())}
        ats = list(families)
        close = set()
        for i, heard, said in readings(word, list(families.values())):
            budget = 1 if known_word or len(said) <= 4 else 2
            if len(said) >= 4 and Levenshtein.distance(heard, said) <= budget:
                close.add(ats[i])
        return self.names[close.pop()] if len(close) == 1 else None

    def bare_surname(self, tokens: set[str]) -> str | None:
        """The first name of the practice (in its order) whose surname is one of ``tokens``."""
        found = [self.first_by_family[t] for t in tokens if t in self.first_by_family]
        return self.names[min(found)] if found else None


@lru_cache(maxsize=16)
def _indexed(names: tuple[str, ...]) -> _Names:
    return _Names(names)


def wants_any_practitioner(corrected: str) -> bool:
    """'anyone', 'n'importe qui', 'peu importe le médecin', 'whoever is free'."""
    return bool(_ANY.search(corrected))


def wants_same_practitioner(corrected: str) -> bool:
    """'the same doctor as last time', 'le même médecin que la dernière fois'."""
    return bool(_SAME.search(corrected))


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    data = yaml.safe_load((Path(__file__).with_name("catalogue.yaml")).read_text("utf-8"))
    return {
        kind: [
            (code, re.compile(r"\b(?:" + "|".join(words) + r")\b"))
            for code, words in entries.items()
        ]
        for kind, entries in data.items()
    }


def _find_code(corrected: str, kind: str, allowed: list[str]) -> str | None:
    for code, pattern in _catalogue()[kind]:
        if (not allowed or code in allowed) and pattern.search(corrected):
            return code
    return None


def find_specialty(corrected: str, allowed: list[str]) -> str | None:
    """Specialty concept named by the turn ("dentiste", "kiné", "heart doctor").

    A word naming a kind of provider is understood even outside ``allowed`` (the practice's
    specialties), so the caller hears that the practice has none; a body part or complaint
    ("skin", "teeth") only within it (see ``agent.clinic.providers``).
    """
    return find_provider_kind(corrected, allowed)


def find_service(corrected: str, allowed: list[str]) -> str | None:
    """Service type code named by the turn ("flu shot", "bilan", "suivi"), within ``allowed``."""
    return _find_code(corrected, "services", allowed)
