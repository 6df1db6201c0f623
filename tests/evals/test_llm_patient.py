"""The LLM-driven patient: prompted with facts and hidden goal, hangs up on its token."""

from __future__ import annotations

from langchain_core.messages import AIMessage

from evals.llm_patient import HANG_UP, LLMPatient
from evals.loader import load_text
from evals.patients import build_patient
from graphs.events import URGENCY_QUESTION, TurnResult

SCENARIO = """
id: llm
category: booking
language: fr
clock: 2026-11-23T09:00:00+01:00
patient: {given_name: Léa, family_name: Vincent, birth_date: 1988-04-05, persona: elderly}
goal: {intent: book, practitioner: docteur Martin, when: la semaine prochaine}
speech: {mode: llm}
expect: {booked: {practitioner: pract-martin}}
"""


class FakeChat:
    """Plays back answers and records what it was sent."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.sent: list[list[tuple[str, str]]] = []

    async def ainvoke(self, messages: list[tuple[str, str]]) -> AIMessage:
        self.sent.append(list(messages))
        return AIMessage(content=self.answers.pop(0))


def reply(text: str, **kw) -> TurnResult:
    return TurnResult(conversation_id="c", reply=text, **kw)


async def test_the_model_plays_the_caller_from_facts_and_goal() -> None:
    llm = FakeChat(["Je voudrais voir le docteur Martin.", f"Merci. {HANG_UP}"])
    scenario = load_text(SCENARIO).scenarios[0]
    patient = build_patient(scenario, tz="Europe/Paris", llm=llm)
    assert isinstance(patient, LLMPatient)
    assert await patient.respond(reply("Bonjour, que puis-je faire ?")) == (
        "Je voudrais voir le docteur Martin."
    )
    system = llm.sent[0][0][1]
    assert "French" in system and "elderly" in system
    assert "Léa" in system and "docteur Martin" in system and "la semaine prochaine" in system
    assert llm.sent[0][-1] == ("user", "Bonjour, que puis-je faire ?")
    assert await patient.respond(reply("C'est noté.")) is None


async def test_no_model_call_after_a_handoff() -> None:
    llm = FakeChat([])
    patient = LLMPatient(load_text(SCENARIO).scenarios[0], llm=llm)
    assert await patient.respond(reply("Je vous passe un collègue.", handed_off=True)) is None
    assert llm.sent == []


async def test_the_model_answers_the_urgency_question_of_a_handoff() -> None:
    llm = FakeChat(["Oui, elle a très mal."])
    patient = LLMPatient(load_text(SCENARIO).scenarios[0], llm=llm)
    asking = reply(
        "Je transmets votre appel en priorité. En attendant, une question : la douleur "
        "est-elle très forte ?",
        handed_off=True,
        expecting=URGENCY_QUESTION,
    )
    assert await patient.respond(asking) == "Oui, elle a très mal."
    assert await patient.respond(reply("Merci, restez en ligne.", handed_off=True)) is None


class DownChat:
    """A model whose server is down."""

    async def ainvoke(self, messages: list[tuple[str, str]]) -> AIMessage:
        raise ConnectionError("Connection refused\nmore details")


async def test_a_failing_model_hands_the_call_to_the_rule_based_caller() -> None:
    scenario = load_text(SCENARIO).scenarios[0]
    patient = build_patient(scenario, tz="Europe/Paris", llm=DownChat())

    line = await patient.respond(reply("Bonjour, que puis-je faire ?", expecting="greeting"))

    assert line  # the rule-based caller answered the same turn
    assert getattr(patient, "description", "") == (
        "llm, then rule-based (model failed: ConnectionError: Connection refused)"
    )


def test_a_local_endpoint_without_a_key_gives_a_model() -> None:
    from agent.settings import Settings
    from evals.runner import _llm

    settings = Settings(openai_base_url="http://127.0.0.1:9/v1", openai_api_key=None)

    assert _llm(settings) is not None  # no "Missing credentials", no BrokenProcessPool
