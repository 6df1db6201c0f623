"""The simulated patients answer what the agent asks from their facts and hidden goal."""

from __future__ import annotations

from evals.loader import load_text
from evals.patients import RuleBasedPatient, ScriptedPatient, build_patient
from graphs.events import URGENCY_QUESTION, OfferedSlot, TurnResult

SCENARIO = """
id: p
category: booking
language: en
clock: 2026-11-23T09:00:00+01:00
patient: {record: pat-0005, given_name: Elodie, family_name: Fournier,
          birth_date: 1986-11-30, phone: "+33612000005", persona: terse}
goal:
  intent: book
  opening: I'd like to see Dr Dubois next week.
  when: next week
  accept: {from: 2026-11-30, to: 2026-12-06, part_of_day: afternoon}
  accept_practitioners: [pract-dubois]
  change_of_mind: {at: confirm, say: "No, a later day please.",
                   then: {from: 2026-12-02, to: 2026-12-06}}
expect: {booked: {practitioner: pract-dubois}}
"""


def turn(expecting: str | None, options: list[OfferedSlot] | None = None, **kw) -> TurnResult:
    return TurnResult(
        conversation_id="c", reply="...", expecting=expecting, options=options or [], **kw
    )


def slot(index: int, start: str, who: str = "pract-dubois") -> OfferedSlot:
    return OfferedSlot(index=index, slot_id=f"s{index}", start=start, practitioner_id=who)


async def test_the_rule_based_patient_reveals_the_goal_step_by_step() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting")) == "I'd like to see Dr Dubois next week."
    assert await patient.respond(turn("identity")) == "Elodie Fournier, born 30/11/1986."
    assert await patient.respond(turn("slot_preferences")) == "next week"
    options = [
        slot(0, "2026-12-01T09:00:00+01:00"),  # morning: declined
        slot(1, "2026-12-01T15:00:00+01:00", "pract-martin"),  # someone else: declined
        slot(2, "2026-12-01T16:00:00+01:00"),
    ]
    assert await patient.respond(turn("slot_choice", options)) == "The third one."
    # Changes their mind once at the read-back, then only accepts from 2 December.
    assert await patient.respond(turn("confirm")) == "No, a later day please."
    assert await patient.respond(turn("slot_choice", options)) == "Anything later?"
    later = [slot(0, "2026-12-03T14:00:00+01:00")]
    assert await patient.respond(turn("slot_choice", later)) == "The first one."
    assert await patient.respond(turn("confirm")) == "Yes."
    assert await patient.respond(turn("anything_else")) == "No, bye."
    assert await patient.respond(turn(None, ended=True)) is None


async def test_a_new_patient_says_so_when_no_record_is_found() -> None:
    text = SCENARIO.replace("record: pat-0005, ", "new: true, ")
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    await patient.respond(turn("identity"))
    assert "new patient" in await patient.respond(turn("identity"))


async def test_a_scripted_patient_says_its_lines_then_hangs_up() -> None:
    patient = ScriptedPatient(["one", "two"])
    assert [await patient.respond(turn("greeting")) for _ in range(3)] == ["one", "two", None]


def test_llm_mode_falls_back_to_rules_without_a_model() -> None:
    text = SCENARIO.replace("expect:", "speech: {mode: llm}\nexpect:")
    assert isinstance(
        build_patient(load_text(text).scenarios[0], tz="Europe/Paris"), RuleBasedPatient
    )


async def test_an_anonymous_caller_repeats_the_question_instead_of_a_name() -> None:
    text = """
id: anon
category: information
language: en
clock: 2026-11-23T09:00:00+01:00
goal: {intent: info, question: "Where are you?"}
expect: {no_write: true}
"""
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting")) == "Where are you?"
    assert await patient.respond(turn("identity")) == (
        "I'd rather not give my name, I just have a question. Where are you?"
    )


def _persona(persona: str, language: str = "en") -> RuleBasedPatient:
    text = SCENARIO.replace("persona: terse", f"persona: {persona}").replace(
        "language: en", f"language: {language}"
    )
    return RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")


async def test_personas_name_the_chosen_slot_their_own_way() -> None:
    options = [
        slot(0, "2026-12-01T14:00:00+01:00"),
        slot(1, "2026-12-02T16:30:00+01:00"),
    ]
    assert await _persona("chatty").respond(turn("slot_choice", options)) == (
        "The one at 14:00, please."
    )
    assert await _persona("elderly", "fr").respond(turn("slot_choice", options)) == (
        "Celui de mardi, s'il vous plaît."
    )
    assert await _persona("anxious").respond(turn("slot_choice", options)) == (
        "The first one, please."
    )


async def test_a_confused_caller_forgets_the_birth_date_until_asked_again() -> None:
    patient = _persona("confused")
    assert await patient.respond(turn("identity")) == "Elodie Fournier."
    assert await patient.respond(turn("identity")) == "Oh sorry, I was born on 30 November 1986."


async def test_an_elderly_caller_says_the_birth_date_in_words() -> None:
    assert await _persona("elderly").respond(turn("identity")) == (
        "Elodie Fournier, born the 30th of November 1986."
    )


NATURAL = """
id: n
category: booking
language: fr
clock: 2026-11-23T09:00:00+01:00
patient: {record: pat-0005, given_name: Élodie, family_name: Fournier, birth_date: 1986-11-30,
          says_identity: "FOURNIER Élodie, trente novembre quatre-vingt-six",
          first_identity: ["Je préfère ne pas le dire."]}
goal:
  intent: book
  opening: Il me faudrait un psy.
  rephrasings: [Je cherche un psychologue.]
  when: mardi
  pick: N'importe lequel.
  accept: {from: 2026-11-24, to: 2026-12-06}
  change_of_mind: {at: confirm, say: "En fait plutôt jeudi.", when: jeudi,
                   then: {from: 2026-11-26, to: 2026-11-26}}
speech: {style: asr}
expect: {booked: {}}
"""


async def test_the_natural_caller_rephrases_defers_and_keeps_the_new_wish() -> None:
    patient = RuleBasedPatient(load_text(NATURAL).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting")) == "il me faudrait un psy"
    # Not understood: another wording, then the request said plainly, never word for word.
    assert await patient.respond(turn("intent")) == "je cherche un psychologue"
    again = await patient.respond(turn("intent"))
    assert again and again != "il me faudrait un psy"
    assert await patient.respond(turn("identity")) == "je préfère ne pas le dire"
    assert await patient.respond(turn("identity")) == (
        "fournier élodie trente novembre quatre-vingt-six"
    )
    assert await patient.respond(turn("slot_preferences")) == "mardi"
    options = [slot(0, "2026-11-24T09:00:00+01:00"), slot(1, "2026-11-24T10:00:00+01:00")]
    assert await patient.respond(turn("slot_choice", options)) == "n'importe lequel"
    assert await patient.respond(turn("confirm")) == "en fait plutôt jeudi"
    assert await patient.respond(turn("slot_preferences")) == "jeudi"


async def test_asked_for_the_birth_date_alone_the_caller_gives_it() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("identity")) == "Elodie Fournier, born 30/11/1986."
    asked = TurnResult(
        conversation_id="c", reply="Thank you. What is your date of birth?", expecting="identity"
    )
    assert await patient.respond(asked) == "Oh sorry, I was born on 30/11/1986."


async def test_asked_to_look_more_widely_the_caller_agrees() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    wider = TurnResult(
        conversation_id="c",
        reply="I have nothing free that matches. Shall I look more widely?",
        expecting="slot_preferences",
    )
    assert await patient.respond(wider) == "Yes."


async def test_the_callers_own_words_come_first_and_an_empty_line_hangs_up() -> None:
    text = SCENARIO.replace(
        "  change_of_mind:", '  says: {confirm: ["hmm not sure", ""]}\n  change_of_mind:'
    )
    scenario = load_text(text).scenarios[0]
    patient = RuleBasedPatient(scenario, tz="Europe/Paris")
    assert await patient.respond(turn("confirm")) == "hmm not sure"
    assert await patient.respond(turn("confirm")) is None
    # Every run of the scenario hears the same caller: its lines are not used up.
    again = RuleBasedPatient(scenario, tz="Europe/Paris")
    assert await again.respond(turn("confirm")) == "hmm not sure"


async def test_a_read_back_of_another_kind_of_visit_is_corrected_once() -> None:
    text = SCENARIO.split("  change_of_mind:")[0] + "  service: follow-up\nexpect: {}\n"
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    readback = "To confirm: a {} with Dr Thomas Dubois on Tuesday 1 December at 16:00. Book it?"
    heard_wrong = turn("confirm").model_copy(update={"reply": readback.format("consultation")})
    assert await patient.respond(heard_wrong) == "No, it's for a follow-up visit."
    right = turn("confirm").model_copy(update={"reply": readback.format("follow-up visit")})
    assert await patient.respond(right) == "Yes."
    # Misheard again: this caller gives up rather than take the wrong visit.
    assert await patient.respond(heard_wrong) == "Never mind, I'll call back later. Goodbye."


async def test_a_read_back_of_another_kind_of_care_is_corrected() -> None:
    text = SCENARIO.split("  change_of_mind:")[0] + "  specialty: physiotherapy\nexpect: {}\n"
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    readback = "To confirm: a consultation with Dr Thomas Dubois, {}, on Tuesday 1 December."
    heard_wrong = turn("confirm").model_copy(update={"reply": readback.format("general practice")})
    assert await patient.respond(heard_wrong) == "No, I need to see someone in physiotherapy."
    right = turn("confirm").model_copy(update={"reply": readback.format("physiotherapy")})
    assert await patient.respond(right) == "Yes."


async def test_offered_the_keypad_a_known_caller_types_the_birth_date_then_the_number() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting"))
    birth = turn("identity").model_copy(
        update={"reply": "I can't find a record under that name. Could you give me your "
                "name again? You can also type your date of birth on your phone's keypad."}
    )  # fmt: skip
    assert await patient.respond(birth) == "keys:30111986#"
    number = turn("identity").model_copy(
        update={"reply": "I still can't find your record. What is your phone number? "
                "You can type it on the keypad, then press the hash key."}
    )  # fmt: skip
    assert await patient.respond(number) == "keys:0612000005#"


async def test_a_new_caller_offered_the_keypad_says_they_are_new() -> None:
    text = SCENARIO.replace("record: pat-0005, ", "new: true, ")
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting"))
    assert await patient.respond(turn("identity"))
    offer = turn("identity").model_copy(
        update={"reply": "I can't find a record. You can also type your date of birth on the "
                "keypad."}
    )  # fmt: skip
    assert not (await patient.respond(offer) or "").startswith("keys:")


async def test_asked_for_the_name_alone_a_caller_gives_the_name() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting"))
    assert await patient.respond(turn("identity"))
    name = turn("identity").model_copy(
        update={"reply": "Thank you. What is your first and last name?"}
    )
    assert await patient.respond(name) == "Elodie Fournier."


async def test_a_new_caller_told_no_record_was_found_says_they_are_new() -> None:
    text = SCENARIO.replace("record: pat-0005, ", "new: true, ")
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting"))
    assert await patient.respond(turn("identity"))
    birth = turn("identity").model_copy(update={"reply": "Thank you. What is your date of birth?"})
    assert (await patient.respond(birth) or "").startswith("Oh sorry, I was born")
    missing = turn("identity").model_copy(
        update={"reply": "I can't find a record under that name. Could you say it again?"}
    )
    assert (await patient.respond(missing) or "").startswith("I'm a new patient")


async def test_asked_again_for_a_yes_with_key_1_on_offer_the_caller_presses_it() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    patient.changed_mind = True  # this one has said their change of mind already
    readback = "Tuesday 1 December at 16:00 with Dr Thomas Dubois. Shall I book it?"
    first = turn("confirm").model_copy(update={"reply": readback})
    assert await patient.respond(first) == "Yes."
    again = turn("confirm").model_copy(
        update={"reply": f"Could you answer yes or no? You can also press 1 to confirm. {readback}"}
    )
    assert await patient.respond(again) == "keys:1"


async def test_a_caller_with_a_question_asked_when_to_come_says_they_want_no_appointment() -> None:
    text = SCENARIO.replace("intent: book", "intent: results").replace(
        "opening: I'd like to see Dr Dubois next week.", "opening: Can I take ibuprofen?"
    )
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting")) == "Can I take ibuprofen?"
    assert await patient.respond(turn("slot_preferences")) == (
        "No, I don't need an appointment. Can I take ibuprofen?"
    )


async def test_with_the_keypad_offered_at_a_choice_the_caller_types_its_options_number() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    options = [
        slot(0, "2026-12-01T09:00:00+01:00"),  # morning: declined
        slot(1, "2026-12-01T16:00:00+01:00"),
    ]
    reply = (
        "Sorry, I didn't catch that. Which one suits you? "
        "You can also press 1 for the first, 2 for the second, and so on."
    )
    again = turn("slot_choice", options).model_copy(update={"reply": reply})
    assert await patient.respond(again) == "keys:2"


async def test_a_caller_only_answered_asks_once_for_the_appointment_they_came_for() -> None:
    patient = RuleBasedPatient(load_text(SCENARIO).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn("greeting"))
    assert await patient.respond(turn("anything_else")) == "I'd like to book an appointment."
    assert await patient.respond(turn("anything_else")) == "No, bye."  # asked once, then goodbye


TRIAGE = """
id: t
category: clinical_triage
language: fr
clock: 2026-11-23T09:10:00+01:00
patient: {persona: terse}
goal: {intent: report_symptoms, reason: Ma femme est enceinte et elle a des douleurs au ventre.}
expect: {urgency: URGENCY, handoff: {min_urgency: URGENCY}}
"""


async def test_the_caller_answers_the_urgency_question_once_from_how_bad_it_truly_is() -> None:
    for truth, answer in (("emergency", "Oui."), ("urgent", "Non.")):
        scenario = load_text(TRIAGE.replace("URGENCY", truth)).scenarios[0]
        patient = RuleBasedPatient(scenario, tz="Europe/Paris")
        asked = turn(URGENCY_QUESTION, handed_off=True)
        assert await patient.respond(asked) == answer
        assert await patient.respond(asked) is None  # asked once, answered once
        assert await patient.respond(turn(None, handed_off=True)) is None


async def test_asked_again_with_the_keypad_the_caller_types_one_only_for_an_emergency() -> None:
    for truth, answer in (("emergency", "keys:1"), ("urgent", "Non.")):
        scenario = load_text(TRIAGE.replace("URGENCY", truth)).scenarios[0]
        patient = RuleBasedPatient(scenario, tz="Europe/Paris")
        await patient.respond(turn(URGENCY_QUESTION, handed_off=True))
        again = TurnResult(
            conversation_id="c",
            reply="Pardon, je n'ai pas bien entendu. La douleur est-elle très forte ? Si oui, "
            "tapez 1.",
            expecting=URGENCY_QUESTION,
            handed_off=True,
        )
        assert await patient.respond(again) == answer


async def test_the_callers_own_answer_to_the_urgency_question_comes_first() -> None:
    text = TRIAGE.replace("URGENCY", "emergency").replace(
        "reason: Ma femme", "says: {urgency_question: ['Oui, atroce']}, reason: Ma femme"
    )
    patient = RuleBasedPatient(load_text(text).scenarios[0], tz="Europe/Paris")
    assert await patient.respond(turn(URGENCY_QUESTION, handed_off=True)) == "Oui, atroce"
