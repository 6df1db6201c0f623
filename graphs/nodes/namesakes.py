"""Two practitioners with one name: "Dr Martin" at a practice with two is asked about.

A name the caller said is ambiguous when several practitioners share its family name and
nothing the caller said tells them apart. What tells them apart, in the same turn or in the
answer to "which one?": a first name ("Sophie"), a kind of care ("the cardiologist") or a
site ("the one at Northgate"). An answer that tells nothing apart ("whichever") searches
them all; the offer then names who each slot is with.
"""

from __future__ import annotations

from agent.knowledge.sites import named_sites
from agent.replies.render import join_words
from agent.tools import PractitionerInfo
from agent.understanding import Language, Understanding
from fhir_adapters.matching import fold, strip_titles
from graphs.context import CallContext
from graphs.nodes.common import Update
from graphs.state import Constraints

_ASK = {
    "fr": "Nous avons {n} praticiens qui s'appellent {family} : {options}. Lequel souhaitez-vous ?",
    "en": "We have {n} practitioners called {family}: {options}. Which one would you like?",
}


def _given(person: PractitionerInfo) -> set[str]:
    family = set(fold(person.family).split())
    return {w for w in strip_titles(person.name).split() if w not in family and len(w) > 1}


def _caller_words(update: Update) -> str:
    said = [str(text) for role, text in update.get("transcript") or [] if role == "patient"]
    return " ".join([*said, str(update.get("text") or "")])


def _same_family(query: str, ctx: CallContext) -> list[PractitionerInfo]:
    words = strip_titles(query).split()
    if not words:
        return []
    family = words[-1]
    return [p for p in ctx.catalog.practitioners if fold(p.family).split()[-1:] == [family]]


def _tell_apart(
    people: list[PractitionerInfo], text: str, specialty: str | None, ctx: CallContext
) -> list[PractitionerInfo]:
    """The namesakes the caller's words point to (all of them when nothing does)."""
    words = set(fold(text).split())
    by_name = [p for p in people if _given(p) & words]
    if by_name:
        return by_name
    if specialty:
        by_care = [p for p in people if specialty in p.specialties]
        if by_care:
            return by_care
    sites = {s.id for s in named_sites(ctx.clinic, fold(text)) if s.id}
    by_site = [p for p in people if sites & set(p.sites)]
    return by_site or people


def _option(person: PractitionerInfo, ctx: CallContext, language: Language) -> str:
    details = [ctx.catalog.named(s)[language].lower() for s in person.specialties[:1]]
    details += [site.name for site in ctx.clinic.sites if site.id in person.sites[:1]]
    name = (
        f"le {person.name}" if language == "fr" and person.name.startswith("Dr ") else person.name
    )
    return f"{name} ({', '.join(details)})" if details else name


def ask_which_namesake(update: Update, c: Constraints, ctx: CallContext) -> bool:
    """Before a named practitioner is looked up: True when the caller was asked which of
    several namesakes they mean (the search waits for the answer)."""
    if not c.practitioner_query:
        return False
    same = _same_family(c.practitioner_query, ctx)
    if len(same) < 2:
        return False
    # Only the caller's words decide (this turn and the earlier ones: the name may have been
    # said before the caller was identified); a brain may already have picked one of the
    # namesakes for "Dr Martin", which is a guess.
    meant = _tell_apart(same, _caller_words(update), c.specialty, ctx)
    if len(meant) == 1:
        # Settled here by id: a fuzzy name lookup could still rank the namesake first.
        c.practitioner_query, c.practitioner_ids = None, [meant[0].id]
        c.practitioner = meant[0].name
        return False
    language = update.language()
    c.practitioner_query, c.practitioner = None, None
    c.practitioner_ids = [p.id for p in meant]
    c.namesakes = list(c.practitioner_ids)
    options = join_words([_option(p, ctx, language) for p in meant], language)
    family = meant[0].family or strip_titles(meant[0].name).split()[-1].capitalize()
    update.say("raw", text=_ASK[language].format(n=len(meant), family=family, options=options))
    return True


def settle_namesake(update: Update, c: Constraints, ctx: CallContext, u: Understanding) -> None:
    """The answer to "which one?": the namesake it points to, else all of them."""
    if not c.namesakes or c.practitioner_query:
        c.namesakes = [] if c.practitioner_query else c.namesakes
        return
    people = [p for p in ctx.catalog.practitioners if p.id in c.namesakes]
    meant = _tell_apart(people, str(update.get("text") or ""), u.specialty or c.specialty, ctx)
    c.namesakes = []
    if u.any_practitioner:
        return
    c.practitioner_ids = [p.id for p in meant]
    c.practitioner = meant[0].name if len(meant) == 1 else None


def names_a_namesake(update: Update, ctx: CallContext, u: Understanding) -> bool:
    """Whether this turn answers "which one?" (a first name, a care, a site, or "either")."""
    raw = (update.get("constraints") or {}).get("namesakes") or []
    if update.get("phase") != "slot_preferences" or not raw:
        return False
    if u.any_practitioner:
        return True
    people = [p for p in ctx.catalog.practitioners if p.id in raw]
    meant = _tell_apart(people, str(update.get("text") or ""), u.specialty, ctx)
    return 0 < len(meant) < len(people)
