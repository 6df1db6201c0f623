"""The clinic configuration written from a discovered practice."""

from __future__ import annotations

import yaml

from agent.clinic import DEMO_CLINIC_FILE, load_clinic, parse_clinic
from agent.clinic.importer import clinic_data, clinic_yaml, summary
from fhir_adapters.practice.models import Clinician, Code, Practice, Service, Site

LOCAL = "https://ehr.example/codes"


def _practice() -> Practice:
    return Practice(
        base_url="http://ehr.example/fhir",
        organization_id="org-1",
        name="Riverside Health",
        phone="+44 20 7946 0000",
        address="10 River Road, SE1 7AA London",
        country="GB",
        sites=[
            Site(
                id="loc-main",
                name="Riverside Main Building",
                address="10 River Road, SE1 7AA London",
                hours={"monday": ["08:00-12:00"], "saturday": ["09:00-12:00"]},
            ),
            Site(
                id="loc-north",
                name="Northgate Clinic",
                address="2 Northgate Street, N1 9AA London",
                hours={"monday": ["11:00-17:00"]},
            ),
        ],
        services=[
            Service(
                id="hs-gp",
                name="GP",
                new_patients=True,
                site_ids=["loc-north"],
                text=["Family doctors; late appointments on Tuesdays."],
            ),
            Service(id="hs-heart", name="Heart Clinic", new_patients=False),
        ],
        clinicians=[
            Clinician(id="p1", name="Dr Paul Martin", family="Martin", service_ids=["hs-heart"]),
            Clinician(id="p2", name="Dr Sophie Martin", family="Martin", service_ids=["hs-gp"]),
        ],
        unknown_codes=[Code(system=LOCAL, code="CARD-OP", display="Heart Clinic")],
    )


def test_the_ehr_facts_make_a_valid_configuration() -> None:
    practice = _practice()
    text = clinic_yaml(clinic_data(practice), practice)
    config = parse_clinic(text)
    assert config.name == "Riverside Health"
    assert config.time_zone == "Europe/London" and config.languages == ["en"]
    assert config.emergency_numbers["emergency"] == "999"
    # The practice is open when any site is; each site keeps its own hours.
    assert config.opening_hours.monday == ["08:00-17:00"]
    north = config.site("loc-north")
    assert north is not None and north.address.startswith("2 Northgate")
    assert config.hours_of(north).monday == ["11:00-17:00"]
    assert "northgate" in north.aliases
    # The EHR's service descriptions feed the knowledge base.
    assert config.services[0].text == "Family doctors; late appointments on Tuesdays."
    assert config.services[0].site_ids == ["loc-north"]
    # Only the service that says it takes new patients opens its practitioners.
    assert config.routing.new_patients.accepting_practitioners == ["p2"]
    # An unknown code is suggested in a comment, never mapped silently.
    assert config.local_codes == []
    assert "code: CARD-OP, concept: cardiology}" in text
    assert all(line.startswith("#") for line in text.splitlines() if "CARD-OP" in line)


def test_a_base_configuration_keeps_its_policies_and_loses_its_facts() -> None:
    base = load_clinic(DEMO_CLINIC_FILE)
    practice = _practice()
    data = clinic_data(practice, base=base, languages=["en", "fr"])
    config = parse_clinic(yaml.safe_dump(data, allow_unicode=True))
    assert config.name == "Riverside Health" and config.phone == "+442079460000"
    assert config.knowledge_base == base.knowledge_base
    assert config.languages == ["en", "fr"]
    assert config.routing.first_visits_to_human == base.routing.first_visits_to_human


def test_summary_names_homonyms_unknown_codes_and_gaps() -> None:
    practice = _practice().model_copy(update={"gaps": ["12 slots without serviceType"]})
    lines = "\n".join(summary(practice))
    assert "Dr Paul Martin / Dr Sophie Martin" in lines
    assert "CARD-OP (Heart Clinic)" in lines
    assert "12 slots without serviceType" in lines
