"""The public entry point: ``assess(text)`` -> :class:`UrgencyAssessment`.

Pure and deterministic: the rule files are read and compiled once, at import. Runs on every
patient turn before any brain sees it; a brain may raise the level, never lower it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from agent.understanding import UrgencyLevel
from agent.urgency.general import is_general_question
from agent.urgency.matcher import Hit, Hits
from agent.urgency.models import RedFlag, UrgencyAssessment
from agent.urgency.negation import Context
from agent.urgency.normalize import normalize
from agent.urgency.rules import FlagRule, RuleBook, load_rules
from agent.urgency.soundalike import sound_alikes
from agent.urgency.subjects import People, Subject, relation_regex

_BOOK: RuleBook = load_rules()
_RELATIONS = relation_regex(_BOOK.relation_words)
_DEFAULT_PERSON = {"baby": "baby", "infant_under_3_months": "baby", "child": "child"}
MAX_EARLIER_TURNS = 6
MAX_EARLIER_CHARS = 1200
MAX_OTHER_HEARINGS = 8
_WORDS = re.compile(r"\w+")


def _usable(rule: FlagRule, hits: list[Hit]) -> list[Hit]:
    return [h for h in hits if not h.historical and not (rule.follow_up_is_history and h.follow_up)]


def _match(rule: FlagRule, hits: Hits, current_from: int) -> list[tuple[str, Hit]] | None:
    """The (concept, hit) pairs of the first satisfied group of ``rule``, or None.

    A group is satisfied when each of its concepts has a usable hit and at least one of those
    hits is in the current turn (at or after ``current_from``): a flag said in an earlier turn
    was reported then, but "I'm pregnant" then "I'm bleeding" adds up now.
    """
    for group in rule.when:
        chosen: list[tuple[str, Hit]] = []
        for name in group:
            usable = _usable(rule, hits.get(name))
            if not usable:
                break
            current = [h for h in usable if h.start >= current_from]
            chosen.append((name, (current or usable)[0]))
        else:
            if chosen and any(hit.start >= current_from for _name, hit in chosen):
                return chosen
    return None


def _subject(chosen: list[tuple[str, Hit]], people: People) -> Subject:
    for name, hit in chosen:
        if _BOOK.concepts[name].person:
            found = _RELATIONS.search(hit.text)
            relation = _BOOK.relation_words.get(found.group("who")) if found else None
            return Subject(True, relation or _DEFAULT_PERSON.get(name, "child"))
    return people.subject_at(chosen[0][1].start)


def _flag(rule: FlagRule, chosen: list[tuple[str, Hit]], subject: Subject) -> RedFlag:
    evidence = " + ".join(dict.fromkeys(hit.text for _name, hit in chosen))
    labels = _BOOK.relations.get(subject.relation or "", {})
    return RedFlag(
        code=rule.code,
        level=rule.level,
        label_en=rule.label_en,
        label_fr=rule.label_fr,
        evidence=evidence,
        third_party=subject.third_party,
        subject=subject.relation if subject.third_party else None,
        subject_en=labels.get("en") if subject.third_party else None,
        subject_fr=labels.get("fr") if subject.third_party else None,
    )


def _earlier(turns: Sequence[str]) -> str:
    texts = [t for t in list(turns)[-MAX_EARLIER_TURNS:] if isinstance(t, str)]
    joined = " . ".join(n for t in texts if (n := normalize(t, _BOOK.typo_regex, _BOOK.typos)))
    return f"{joined[-MAX_EARLIER_CHARS:]} . " if joined else ""


def assess(
    text: str,
    *,
    language: Literal["fr", "en"] | None = None,
    earlier_turns: Sequence[str] = (),
    heard: bool = False,
    also_heard: Sequence[str] = (),
) -> UrgencyAssessment:
    """Look for red flags in one patient turn, French or English.

    Both languages' rules always run (callers mix languages); ``language`` only sets the
    default language of :meth:`UrgencyAssessment.summary`. Never raises on odd input: empty
    text, emojis, control characters; very long text is clipped to its head and tail.

    Args:
        text: what the patient said or typed, as received (no cleaning needed).
        language: the conversation's language, if known.
        earlier_turns: the patient's previous turns in this call, oldest first (optional).
            They complete the current turn ("je suis enceinte" then "je saigne"); a flag
            fires only if at least one of its mentions is in the current turn.
        heard: the text is a speech transcript. Words that sound like a red-flag phrase
            ("cache du sang") are then also read as that phrase (``soundalike``), and the
            higher of the two readings stands: a repair can add a flag, never remove one.
        also_heard: the other hearings speech recognition kept of the turn ("la fière"
            heard first, "la fièvre" third), read as they are; the highest reading stands.
            Neither a repair nor another hearing brings back a red flag the turn denies.

    Returns:
        The assessment: level (highest fired flag, ROUTINE when none), flags highest first,
        and whether a fired flag concerns someone other than the caller.
    """
    raw = text if isinstance(text, str) else ("" if text is None else str(text))
    current = normalize(raw, _BOOK.typo_regex, _BOOK.typos)
    if not current:
        return UrgencyAssessment(language=language)
    before = _earlier(earlier_turns) if earlier_turns else ""
    as_said = _assess(current, before, language)
    if not (heard or also_heard):
        return as_said
    # A repair or another hearing is a guess at words not caught; what the caller clearly said
    # about the same red flag wins: "mon éboucher, mais pas de difficulté à respirer" is no
    # "étouffée".
    texts = [(current, raw)]
    for other in list(also_heard)[:MAX_OTHER_HEARINGS]:
        normalized = normalize(other, _BOOK.typo_regex, _BOOK.typos)
        if normalized and _WORDS.findall(normalized) not in [_WORDS.findall(t) for t, _ in texts]:
            texts.append((normalized, other))  # a hearing with other words, not other commas
    readings = []  # (assessment, what staff are told was heard), likeliest first
    for index, (text, written) in enumerate(texts):
        other = f"another hearing: {written}" if index else ""
        if index:
            readings.append((_assess(text, before, language), other))
        repaired = sound_alikes(language or "en").repair(text, written) if heard else None
        if repaired is not None and repaired.changes:
            heard_as = "; ".join(f"{c.meant} < {c.heard}" for c in repaired.changes)
            note = "; ".join(n for n in (f"heard: {heard_as}", other) if n)
            readings.append((_assess(repaired.text, before, language), note))
    best = as_said
    denied: set[str] | None = None
    for reading, note in readings:
        if _rank(reading) <= _rank(best):
            continue
        if denied is None:
            denied = _denied(current, before, language, as_said)
        kept = [f for f in _noted(reading, note).flags if f.code not in denied]
        if kept and kept[0].level.rank > _rank(best):
            best = reading.model_copy(
                update={
                    "flags": kept,
                    "level": kept[0].level,
                    "third_party": any(f.third_party for f in kept),
                }
            )
    return best


def _rank(assessment: UrgencyAssessment) -> int:
    return UrgencyLevel(assessment.level).rank


def _noted(assessment: UrgencyAssessment, note: str) -> UrgencyAssessment:
    """The assessment with ``note`` on each flag's evidence (staff see what was heard)."""
    flags = [f.model_copy(update={"evidence": f"{f.evidence} ({note})"}) for f in assessment.flags]
    return assessment.model_copy(update={"flags": flags})


class _Unnegated(Context):
    """A context that reads every mention as affirmed (to find what the caller denied)."""

    def is_negated(self, start: int, end: int) -> bool:
        return False


def _denied(
    current: str, before: str, language: Literal["fr", "en"] | None, said: UrgencyAssessment
) -> set[str]:
    """Red flags the turn names only to deny them ("pas de difficulté à respirer")."""
    affirmed = {f.code for f in said.flags}
    named = _assess(current, before, language, reading=_Unnegated)
    return {f.code for f in named.flags} - affirmed


def _assess(
    current: str,
    before: str,
    language: Literal["fr", "en"] | None,
    *,
    reading: type[Context] = Context,
) -> UrgencyAssessment:
    context = reading(before + current)
    hits = Hits(_BOOK, context)
    people: People | None = None
    fired: dict[str, RedFlag] = {}
    for rule in _BOOK.flags:
        chosen = _match(rule, hits, len(before))
        if chosen is None:
            continue
        if rule.resolved_by and rule.resolved_to and hits.get(rule.resolved_by):
            rule = _BOOK.flag(rule.resolved_to)
        if rule.code in fired:
            continue
        if people is None:
            people = People(context, _RELATIONS, _BOOK.relation_words)
        fired[rule.code] = _flag(rule, chosen, _subject(chosen, people))
    superseded = {c for code in fired for c in _BOOK.flag(code).supersedes}
    flags = sorted(
        (flag for code, flag in fired.items() if code not in superseded),
        key=lambda f: -f.level.rank,
    )
    if flags and is_general_question(current):
        # About people in general, not someone here: advice, not a handoff (README).
        return UrgencyAssessment(language=language, advice=flags)
    level = flags[0].level if flags else UrgencyLevel.ROUTINE
    return UrgencyAssessment(
        level=level,
        flags=flags,
        third_party=any(f.third_party for f in flags),
        language=language,
    )
