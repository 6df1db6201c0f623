"""The concepts frontdesk reasons with, and the standard codes that mean them.

A practice's EHR codes its specialties and services the way it likes: HL7 service-type
codes on Schedules and Slots, SNOMED CT practice settings (the C80 / practice-codes value
set) or occupations on PractitionerRoles, its own local codes. The agent reasons with a
small set of concepts ("cardiology", "follow-up") and every coding read from the EHR is
mapped to one of them, while what is written back stays the EHR's own coding.

Two kinds of concept: a ``specialty`` (who: a kind of care or provider) and a ``visit``
(what kind of appointment: first visit, follow-up, vaccination...). Codes verified against
the HL7 terminology (service-type code system) and the FHIR R4 practice-codes value set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SNOMED = "http://snomed.info/sct"
SERVICE_TYPE = "http://terminology.hl7.org/CodeSystem/service-type"
FRONTDESK_SPECIALTY = "https://frontdesk.dev/specialty"
FRONTDESK_SERVICE_TYPE = "https://frontdesk.dev/service-type"
APPOINTMENT_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0276"
"""HL7 v2 table 0276, the appointment reason codes FHIR R4 binds Appointment.appointmentType to."""

Kind = Literal["specialty", "visit"]


@dataclass(frozen=True)
class Concept:
    """One of our concepts with its names and the standard codes that mean it."""

    code: str
    kind: Kind
    fr: str
    en: str
    snomed: tuple[str, ...] = ()
    service_type: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = field(default=(), repr=False)
    """Other folded display texts an EHR may use for it (matched when a code is unknown)."""
    appointment_type: str | None = None
    """Its code in HL7 v2-0276 (visits only)."""


def _s(code: str, fr: str, en: str, snomed: str = "", hl7: str = "", syn: str = "") -> Concept:
    return Concept(
        code,
        "specialty",
        fr,
        en,
        tuple(snomed.split()),
        tuple(hl7.split()),
        tuple(s.strip() for s in syn.split(";") if s.strip()),
    )


SPECIALTIES: tuple[Concept, ...] = (
    _s(
        "general-practice",
        "Médecine générale",
        "General practice",
        # practice settings + occupations (general practitioner, family medicine specialist)
        "394814009 408443003 419772000 394802001 62247001 59058001",
        "124 349 324",
        "family medicine; general medicine; family practice; medecine generale; generaliste",
    ),
    _s(
        "paediatrics",
        "Pédiatrie",
        "Paediatrics",
        "394537008 82296001",
        "200",
        "pediatrics; paediatric medicine; pediatric medicine; pediatrie",
    ),
    _s(
        "dentistry",
        "Chirurgie dentaire",
        "Dentistry",
        "394812008 106289002",
        "88 314",
        "general dental; dental; dentist; dentaire",
    ),
    _s(
        "physiotherapy",
        "Kinésithérapie",
        "Physiotherapy",
        "36682004",
        "65",
        "physical therapy; physiotherapist; kinesitherapie",
    ),
    _s("dermatology", "Dermatologie", "Dermatology", "394582007 18803008", "168"),
    _s(
        "gynaecology",
        "Gynécologie",
        "Gynaecology",
        "394586005 394585009 83685006",
        "186",
        "gynecology; obstetrics and gynecology; obstetrics & gynaecology; gynecologie",
    ),
    _s("cardiology", "Cardiologie", "Cardiology", "394579002 17561000", "165 354"),
    _s("endocrinology", "Endocrinologie", "Endocrinology", "394583002 61894003", "169 318"),
    _s(
        "gastroenterology",
        "Gastro-entérologie",
        "Gastroenterology",
        "394584008 71838004",
        "170",
        "gastroenterology & hepatology; hepato gastro enterologie",
    ),
    _s("nephrology", "Néphrologie", "Nephrology", "394589003 11911009", "176"),
    _s("neurology", "Neurologie", "Neurology", "394591006 56397003", "177"),
    _s("rheumatology", "Rhumatologie", "Rheumatology", "394810000 45440000", "182"),
    _s("psychiatry", "Psychiatrie", "Psychiatry", "394587001 80584001", "141 417"),
    _s(
        "psychology",
        "Psychologie",
        "Psychology",
        "59944000 394913002",
        "142 74 305",
        "psychotherapy; counselling; psychotherapie",
    ),
    _s(
        "family-therapy",
        "Thérapie familiale",
        "Family therapy",
        "",
        "71 79",
        "family counselling and/or family therapy; relationship counselling; therapie familiale",
    ),
    _s("ophthalmology", "Ophtalmologie", "Ophthalmology", "394594003 422234006", "217"),
    _s(
        "ent",
        "ORL",
        "Ear, nose and throat",
        "418960008",
        "219",
        "otolaryngology; otorhinolaryngology; otolaryngology head & neck surgery;"
        " oto rhino laryngologie",
    ),
    _s(
        "orthopaedics",
        "Orthopédie",
        "Orthopaedics",
        "394801008",
        "218",
        "trauma and orthopedics; orthopaedic surgery; orthopedic surgery",
    ),
    _s("urology", "Urologie", "Urology", "394612005 24590004", "222"),
    _s(
        "oncology",
        "Oncologie",
        "Oncology",
        "394593009",
        "175",
        "medical oncology; oncologie medicale",
    ),
    _s(
        "pulmonology",
        "Pneumologie",
        "Pulmonology",
        "418112009",
        "184 430",
        "pulmonary medicine; respiratory medicine; thoracic medicine",
    ),
    _s("geriatrics", "Gériatrie", "Geriatrics", "394811001", "171", "geriatric medicine"),
    _s("radiology", "Radiologie", "Radiology", "394914008", "209 210 211", "diagnostic radiology"),
    _s("general-surgery", "Chirurgie générale", "General surgery", "394609007", "221"),
    _s("infectious-diseases", "Maladies infectieuses", "Infectious diseases", "394807007", "173"),
    _s("dietetics", "Diététique", "Dietetics", "722164000 159033005", "53 60 320", "nutrition"),
    _s("occupational-therapy", "Ergothérapie", "Occupational therapy", "80546007", "61"),
    _s("speech-therapy", "Orthophonie", "Speech therapy", "", "68", "speech pathology/therapy"),
    _s("podiatry", "Podologie", "Podiatry", "", "66", "chiropody; pedicure podologie"),
    _s("optometry", "Optométrie", "Optometry", "", "62 395", "optometrist; optician"),
    _s("osteopathy", "Ostéopathie", "Osteopathy", "", "63"),
    _s("midwifery", "Sage-femme", "Midwifery", "", "58 249", "maternal & child health"),
    _s("nursing", "Soins infirmiers", "Nursing", "224535009", "59 322", "nurse; infirmier"),
    _s("audiology", "Audiologie", "Audiology", "", "50"),
)

VISITS: tuple[Concept, ...] = (
    Concept("consultation", "visit", "Consultation", "Consultation", appointment_type="ROUTINE"),
    Concept("first-visit", "visit", "Première consultation", "First visit"),
    Concept(
        "follow-up",
        "visit",
        "Consultation de suivi",
        "Follow-up visit",
        appointment_type="FOLLOWUP",
    ),
    Concept("vaccination", "visit", "Vaccination", "Vaccination", (), ("57",), ("immunization",)),
    Concept("check-up", "visit", "Bilan de santé", "Check-up", appointment_type="CHECKUP"),
)

CONCEPTS: dict[str, Concept] = {c.code: c for c in (*SPECIALTIES, *VISITS)}
VISIT_KINDS: frozenset[str] = frozenset(c.code for c in VISITS)
