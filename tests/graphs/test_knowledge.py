"""Questions beyond the fixed topics: answered from the practice's own words (its markdown
files, its services as the EHR describes them), per site for a practice with several
buildings, and passed on to a person, with a staff task, when nobody wrote the answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig, load_clinic
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.engine import Engine
from tests.graphs.talk import Call

FAQ_EN = """# Frequently asked

## Do you issue sports certificates?
Yes: book a general practice consultation and bring your sports club's form.

## Is there a lift?
The main building has a lift to every floor, next to the reception desk.

## Is there a pharmacy nearby?
The Voltaire pharmacy is across the street, open until 8 pm.
"""
FAQ_FR = """## Certificats de sport
Oui : prenez un rendez-vous de médecine générale et apportez le formulaire de votre club.

## Ascenseur
Le bâtiment principal a un ascenseur qui dessert tous les étages, à côté de l'accueil.

## Pharmacie à proximité
La pharmacie Voltaire est en face, ouverte jusqu'à 20 heures.
"""
SITES = [
    {
        "id": "loc-main",
        "name": "Maison de santé des Tilleuls",
        "address": "12 rue des Tilleuls, 75011 Paris",
    },
    {
        "id": "loc-north",
        "name": "Centre Northgate",
        "address": "2 rue du Nord, 75018 Paris",
        "opening_hours": {"monday": ["09:00-17:00"], "tuesday": ["09:00-17:00"]},
        "aliases": ["nord"],
    },
    {
        "id": "loc-annex",
        "name": "Annexe des Tilleuls",
        "address": "14 rue des Tilleuls, 75011 Paris",
        "opening_hours": {"wednesday": ["08:30-12:00"]},
        "aliases": ["annexe", "annex"],
    },
]


@pytest.fixture
def practice(clinic: ClinicConfig, tmp_path: Path) -> ClinicConfig:
    """The demo practice with three sites, a described service and FAQ files."""
    (tmp_path / "faq.en.md").write_text(FAQ_EN, "utf-8")
    (tmp_path / "faq.fr.md").write_text(FAQ_FR, "utf-8")
    data = clinic.model_dump(mode="json", exclude_defaults=True)
    data["sites"] = SITES
    data["services"] = [
        {
            "name": "Laboratory",
            "text": "Blood samples are taken at the laboratory on the ground floor from 7:30 "
            "to 10 am, without an appointment.",
            "site_ids": ["loc-main"],
        },
        {"name": "Cabinet dentaire", "site_ids": ["loc-annex"], "concepts": ["dentistry"]},
    ]
    data["knowledge_files"] = ["faq.en.md", "faq.fr.md"]
    import yaml

    (tmp_path / "clinic.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return load_clinic(tmp_path / "clinic.yaml")


@pytest.fixture
def talk(backend: EmbeddedBackend, practice: ClinicConfig, clock: FixedClock) -> Call:
    engine = Engine(backend=backend, clinic=practice, brain=RulesBrain(), clock=clock)
    return Call(engine, "kb-1")


@pytest.mark.parametrize(
    ("language", "question", "expected"),
    [
        ("en", "Do you issue sports certificates?", "sports club's form"),
        ("fr", "Est-ce que vous faites les certificats de sport ?", "formulaire de votre club"),
        ("en", "Is there a lift?", "lift to every floor"),
        ("fr", "Il y a un ascenseur ?", "ascenseur qui dessert"),
        ("en", "Is there a laboratory in the building?", "Blood samples are taken"),
        ("en", "Is there a pharmacy nearby?", "across the street"),
        ("fr", "Il y a une pharmacie à côté ?", "pharmacie Voltaire est en face"),
    ],
)
async def test_questions_are_answered_from_the_practice_words(
    talk: Call, backend: EmbeddedBackend, language: str, question: str, expected: str
) -> None:
    await talk.start(language=language)  # type: ignore[arg-type]
    result = await talk.say(question)
    assert expected in result.reply, talk.transcript()
    assert await backend.list_tasks(code="callback") == []


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("en", "Do you do ear piercing?"),
        ("fr", "Est-ce que vous faites le perçage des oreilles ?"),
        ("en", "Is there wifi in the waiting room?"),
    ],
)
async def test_unanswerable_questions_go_to_a_person(
    talk: Call, backend: EmbeddedBackend, language: str, question: str
) -> None:
    await talk.start(language=language)  # type: ignore[arg-type]
    result = await talk.say(question)
    passed = "transmets" if language == "fr" else "passing your question on"
    assert passed in result.reply, talk.transcript()
    [task] = await backend.list_tasks(code="callback")
    assert question[:20] in str(task.description)


@pytest.mark.parametrize(
    ("language", "question", "said", "not_said"),
    [
        (
            "en",
            "What are the opening hours of the annex?",
            "Wednesday from 8:30 to noon",
            "Monday",
        ),
        (
            "fr",
            "Quels sont les horaires du centre Northgate ?",
            "du lundi au mardi de 9 h",
            "mercredi de 8 h 30",
        ),
        (
            "en",
            "What's the address of the Northgate centre?",
            "2 rue du Nord",
            "12 rue des Tilleuls",
        ),
        ("fr", "Quelle est l'adresse de l'annexe ?", "14 rue des Tilleuls", "2 rue du Nord"),
    ],
)
async def test_a_named_site_gets_its_own_hours_and_address(
    talk: Call, language: str, question: str, said: str, not_said: str
) -> None:
    await talk.start(language=language)  # type: ignore[arg-type]
    result = await talk.say(question)
    assert said in result.reply and not_said not in result.reply, talk.transcript()


@pytest.mark.parametrize(
    ("language", "question", "said"),
    [
        ("en", "When is the dentist open?", "Annexe des Tilleuls is open on Wednesday"),
        ("fr", "Le dentiste est ouvert quand ?", "Annexe des Tilleuls est ouvert le mercredi"),
    ],
)
async def test_the_site_of_the_care_asked_about_answers(
    talk: Call, language: str, question: str, said: str
) -> None:
    await talk.start(language=language)  # type: ignore[arg-type]
    result = await talk.say(question)
    assert said in result.reply and "Northgate" not in result.reply, talk.transcript()


async def test_hours_without_a_site_give_each_site(talk: Call) -> None:
    await talk.start(language="en")
    result = await talk.say("What time do you open?")
    for name in ("Maison de santé des Tilleuls", "Centre Northgate", "Annexe des Tilleuls"):
        assert name in result.reply, result.reply


async def test_an_imported_practice_without_answers_tells_its_own_hours_and_address(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    data = clinic.model_dump(mode="json", exclude_defaults=True)
    data.pop("knowledge_base")
    bare = ClinicConfig.model_validate(data)
    talk = Call(Engine(backend=backend, clinic=bare, brain=RulesBrain(), clock=clock), "kb-2")
    await talk.start(language="fr")
    hours = await talk.say("Quels sont vos horaires ?")
    assert "du lundi au vendredi de 8 h à 19 h 30" in hours.reply, talk.transcript()
    where = await talk.say("Et vous êtes où ?")
    assert "12 rue des Tilleuls" in where.reply, talk.transcript()


@pytest.mark.parametrize(
    ("language", "question", "ask", "answer", "said"),
    [
        (
            "en",
            "What time do you open?",
            "We have 4 sites",
            "Northgate",
            "Centre Northgate is open",
        ),
        ("fr", "Vous êtes où ?", "Nous avons 4 sites", "l'annexe", "14 rue des Tilleuls"),
    ],
)
async def test_many_sites_ask_which_one_then_answer_it(
    backend: EmbeddedBackend,
    practice: ClinicConfig,
    clock: FixedClock,
    language: str,
    question: str,
    ask: str,
    answer: str,
    said: str,
) -> None:
    fourth = practice.sites[0].model_copy(update={"id": "loc-east", "name": "Cabinet Est"})
    many = practice.model_copy(update={"sites": [*practice.sites, fourth]})
    talk = Call(Engine(backend=backend, clinic=many, brain=RulesBrain(), clock=clock), "kb-3")
    await talk.start(language=language)  # type: ignore[arg-type]
    asked = await talk.say(question)
    assert ask in asked.reply, talk.transcript()
    result = await talk.say(answer)
    assert said in result.reply, talk.transcript()
