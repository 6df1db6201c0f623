"""Information answers beyond the fixed topics: each site's hours and address, retrieval
over the practice's knowledge, and an honest "I'll pass the question on" otherwise.

Used by the ``information`` node. Texts are said as they are (``raw``) because they come
from the practice's own words or from its sites.
"""

from __future__ import annotations

import re

from agent.clinic.model import ClinicConfig, Site
from agent.knowledge import knowledge_of
from agent.knowledge.index import tokens
from agent.knowledge.sites import (
    ASK_ABOVE,
    named_sites,
    site_address,
    site_hours,
    sites_by_id,
)
from agent.replies.render import join_words
from agent.understanding import Language, Understanding
from fhir_adapters.matching import fold
from graphs.context import CallContext
from graphs.nodes.common import Update
from graphs.nodes.staff import queue_task

SITE_TOPICS = ("hours", "address")
_VAGUE = frozenset(
    {"question", "information", "renseignement", "info", "ask", "demander", "poser", "renseigner"}
)
_QUESTION = re.compile(
    r"^(?:do|does|is|are|can|could|what|where|when|which|how|who|will|have|est ce|"
    r"avez|pouvez|faites|peut on|peut|quel\w*|ou|quand|comment|combien|y a t il|vous)\b"
)
_CHATTER = frozenset(
    {"hear", "understand", "robot", "bot", "human", "machine", "ai"}
    | {"entendez", "comprenez", "humain", "ia"}
)
"""Words of questions about the call itself, which the knowledge base cannot answer."""
_PASS_ON = {
    "fr": "Je n'ai pas la réponse à cette question : je la transmets à l'équipe.",
    "en": "I don't have the answer to that, so I'm passing your question on to the team.",
}
_WHICH_SITE = {
    "fr": "Nous avons {n} sites : {names}. Lequel vous intéresse ?",
    "en": "We have {n} sites: {names}. Which one do you mean?",
}


def names_a_site(update: Update, ctx: CallContext) -> bool:
    """Whether this turn answers "which site?" by naming one."""
    if not update.get("site_question"):
        return False
    return bool(named_sites(ctx.clinic, fold(update.get("text") or "")))


def is_question(text: str) -> bool:
    """A turn phrased as a question about something (a question mark, or a question's
    first words), not about the call itself ("can you hear me?", "are you a robot?")."""
    folded = fold(text)
    if _CHATTER & set(folded.split()):
        return False
    return text.rstrip().endswith("?") or bool(_QUESTION.match(folded))


def _sites_meant(clinic: ClinicConfig, u: Understanding, folded: str) -> list[Site]:
    named = named_sites(clinic, folded)
    if named:
        return named
    if u.specialty:
        # "When is the dentist open?": the sites where the EHR's services of that care are.
        ids = [i for s in clinic.services if u.specialty in s.concepts for i in s.site_ids]
        return sites_by_id(clinic, ids)
    return []


def answer_for_sites(update: Update, ctx: CallContext, topic: str, u: Understanding) -> bool | None:
    """Hours or address per site for a practice with several sites, or from the practice's
    own facts when its configuration wrote no answer (an imported one); False otherwise,
    None when the caller was asked which site (``site_question`` remembers the topic)."""
    clinic = ctx.clinic
    language: Language = update.language()
    if topic not in SITE_TOPICS:
        return False
    if len(clinic.sites) < 2:
        if topic in clinic.knowledge_base:
            return False
        whole = clinic.sites[0] if clinic.sites else Site(name=clinic.name, address=clinic.address)
        text = site_hours(clinic, whole, language) if topic == "hours" else None
        update.say("raw", text=text or site_address(whole, language))
        return True
    sites = _sites_meant(clinic, u, fold(update.get("text") or ""))
    if not sites and len(clinic.sites) > ASK_ABOVE:
        names = join_words([s.name for s in clinic.sites], language)
        text = _WHICH_SITE[language].format(n=len(clinic.sites), names=names)
        update.say("raw", text=text)
        update.set(site_question=topic)
        return None
    for site in sites or clinic.sites:
        said = (
            site_hours(clinic, site, language) if topic == "hours" else site_address(site, language)
        )
        update.say("raw", text=said)
    return True


def closer_passage(update: Update, ctx: CallContext, topic: str) -> bool:
    """Say a passage that answers the question better than the topic's fixed answer ("is
    there a lift?" is about access, but the practice's FAQ says where the lift is)."""
    question, language = str(update.get("text") or ""), update.language()
    knowledge = knowledge_of(ctx.clinic)
    found = knowledge.answer(question, language)
    if found is None or found.passage.key == f"kb:{topic}":
        return False
    if found.coverage <= knowledge.covers(question, language, f"kb:{topic}"):
        return False
    update.say("raw", text=found.passage.text)
    return True


async def answer_by_retrieval(update: Update, ctx: CallContext) -> bool | None:
    """Answer from the practice's knowledge. True: answered; False: passed on to a person
    (a staff task); None: the turn asked nothing yet ("I have a question")."""
    question = str(update.get("text") or "")
    if not [w for w in tokens(question) if w not in _VAGUE]:
        return None
    language: Language = update.language()
    found = knowledge_of(ctx.clinic).answer(question, language)
    if found is not None:
        update.say("raw", text=found.passage.text)
        return True
    update.say("raw", text=_PASS_ON[language])
    await queue_task(update, ctx, code="callback", details=f"Question: {question}"[:500])
    return False
