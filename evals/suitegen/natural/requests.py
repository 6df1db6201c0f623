"""Natural requests that are not bookings (renewals, the doctor on the phone, billing versus
results, professional callers) and several requests in one call, answered in order."""

from __future__ import annotations

from typing import Any

from evals.suitegen.changes import seeded_visits
from evals.suitegen.common import scenario
from evals.suitegen.natural.common import NEXT_WEEK, booking, day, person, window

RENEWALS = {
    "en": [
        ("My repeat for the inhaler, please.", "inhaler"),
        ("I need a repeat of my blood pressure pills.", "blood pressure pills"),
        ("Can I get more of my metformin?", "metformin"),
        ("I'm nearly out of my Ventolin.", "Ventolin"),
        ("Could the doctor sign off my repeat prescription?", "my usual tablets"),
        ("I need my repeat for my thyroid tablets.", "thyroid tablets"),
        ("I've run out of my statins.", "statins"),
        ("Can you sort out my repeat for the pill?", "the pill"),
    ],
    "fr": [
        ("Je voudrais renouveler mon ordonnance.", "Doliprane"),
        ("Il me faut mon renouvellement de Levothyrox.", "Levothyrox"),
        ("J'ai bientôt plus de pilule.", "pilule"),
        ("Mon traitement pour la tension est fini.", "traitement pour la tension"),
        ("C'est pour refaire mon ordonnance de Ventoline.", "Ventoline"),
        ("Il me faudrait une nouvelle ordonnance pour mon Kardegic.", "Kardegic"),
        ("Je n'ai plus de comprimés pour le diabète.", "metformine"),
        ("Est-ce que le docteur peut me refaire mon ordonnance ?", "Levothyrox"),
    ],
}
SPEAK_TO = {
    "en": [
        "I need to speak to Dr Martin.",
        "Could Dr Dubois call me back?",
        "I'd like a word with Dr O'Brien please.",
        "Can I talk to the doctor, Dr Martin?",
    ],
    "fr": [
        "Je voudrais parler au docteur Martin.",
        "Est-ce que le docteur Dubois peut me rappeler ?",
        "Je voudrais que le docteur O'Brien me rappelle.",
        "Je dois parler à la doctoresse Martin.",
    ],
}
ABOUT = {"en": "It's about my treatment.", "fr": "C'est au sujet de mon traitement."}
STAFF = {
    "en": [
        ("I was charged twice for my last visit.", "billing"),
        ("I want to complain about my bill.", "billing"),
        ("There's a mistake on my invoice.", "billing"),
        ("Why did you take 60 euros from my card?", "billing"),
        ("Are my blood test results back?", "results"),
        ("I'm calling to find out about my scan results.", "results"),
        ("My insurance refused to pay for the visit.", "billing"),
        ("I need a receipt for my insurance claim.", "billing"),
    ],
    "fr": [
        ("On m'a débité deux fois pour la dernière consultation.", "billing"),
        ("Je conteste ma facture.", "billing"),
        ("Il y a une erreur sur ma facture.", "billing"),
        ("Pourquoi vous m'avez prélevé 60 euros ?", "billing"),
        ("Est-ce que mes résultats de prise de sang sont arrivés ?", "results"),
        ("Je voudrais avoir mes résultats d'analyses.", "results"),
        ("Ma mutuelle ne m'a pas remboursé la consultation.", "billing"),
        ("Il me faut une feuille de soins pour ma mutuelle.", "billing"),
    ],
}
PROFESSIONALS = {
    "en": [
        "Hello, this is the Voltaire pharmacy, I'm calling about a prescription for one of "
        "your patients.",
        "Hi, this is the cardiology ward at Saint-Antoine hospital, we need to send over a "
        "discharge summary.",
        "Good morning, Biolab laboratory here, a blood sample for one of your patients needs "
        "redoing.",
        "Hello, it's Dr Lambert's practice, I'm calling to refer a patient to Dr Martin.",
        "Hi, I'm a nurse at Bichat hospital, calling about a patient of Dr Dubois.",
    ],
    "fr": [
        "Bonjour, pharmacie Voltaire, j'appelle au sujet d'une ordonnance pour une de vos "
        "patientes.",
        "Bonjour, ici le service de cardiologie de l'hôpital Saint-Antoine, c'est pour vous "
        "envoyer un compte rendu d'hospitalisation.",
        "Bonjour, laboratoire Biolab, un prélèvement d'un de vos patients est à refaire.",
        "Bonjour, cabinet du docteur Lambert, j'appelle pour adresser une patiente au docteur "
        "Martin.",
        "Bonjour, je suis infirmière à l'hôpital Bichat, j'appelle pour un patient du docteur "
        "Dubois.",
    ],
}
NO_BIRTH = {"en": ["date of birth"], "fr": ["date de naissance"]}
HOURS = {"en": "7:30 pm", "fr": "19 heures 30"}
PARKING = {"en": "car park", "fr": "parking public"}
SATURDAY = {"en": "noon", "fr": "midi"}


def _single() -> list[dict[str, Any]]:
    out = []
    for language in ("en", "fr"):
        for i, (line, med) in enumerate(RENEWALS[language]):
            out.append(
                scenario(
                    f"natural-renewal-{i}-{language}",
                    "prescriptions",
                    language,
                    patient=person(language).facts("terse"),
                    goal={"intent": "prescription", "opening": line, "medication": med},
                    expect={"no_write": True, "task": {"code": "prescription-renewal"}},
                    tags=["natural", "renewal"],
                )
            )
        for i, line in enumerate(SPEAK_TO[language]):
            out.append(
                scenario(
                    f"natural-speak-to-{i}-{language}",
                    "complex",
                    language,
                    patient=person(language).facts("terse"),
                    goal={"intent": "human", "opening": line, "details": ABOUT[language]},
                    expect={"no_write": True, "task": {"code": "callback"}},
                    tags=["natural", "speak-to-doctor"],
                )
            )
        for i, (line, code) in enumerate(STAFF[language]):
            out.append(
                scenario(
                    f"natural-staff-{code}-{i}-{language}",
                    "billing",
                    language,
                    patient=person(language).facts("terse"),
                    goal={"intent": code, "opening": line, "details": line},
                    expect={"no_write": True, "task": {"code": code}},
                    tags=["natural", "staff-routing"],
                )
            )
        for i, line in enumerate(PROFESSIONALS[language]):
            out.append(
                scenario(
                    f"natural-professional-{i}-{language}",
                    "complex",
                    language,
                    goal={"intent": "other", "opening": line, "details": line},
                    expect={
                        "no_write": True,
                        "task": {"code": "callback"},
                        "reply_excludes": NO_BIRTH[language],
                    },
                    tags=["natural", "professional"],
                )
            )
    return out


def _several() -> list[dict[str, Any]]:
    visits = {v.person.record: v for v in reversed(seeded_visits())}
    out = []
    for language in ("en", "fr"):
        en = language == "en"
        out.append(
            booking(
                "two-book-hours",
                language,
                accept=NEXT_WEEK,
                practitioners=["pract-martin"],
                opening=(
                    "Book me in with Dr Martin next week, and what are your opening hours?"
                    if en
                    else "Je voudrais un rendez-vous avec le docteur Martin la semaine prochaine, "
                    "et vous êtes ouverts à quelle heure ?"
                ),
                expect={"reply_contains": [HOURS[language]]},
                tags=["several-requests"],
            )
        )
        out.append(
            booking(
                "two-parking-book",
                language,
                accept=window(day(3)),
                opening=(
                    "Is there parking? And I need an appointment on Thursday."
                    if en
                    else "Il y a un parking ? Et il me faudrait un rendez-vous jeudi."
                ),
                expect={"reply_contains": [PARKING[language]]},
                tags=["several-requests"],
            )
        )
        out.append(
            booking(
                "two-renewal-book",
                language,
                accept=NEXT_WEEK,
                opening=(
                    "I need my repeat for the inhaler and an appointment next week too."
                    if en
                    else "Il me faut le renouvellement de ma Ventoline et un rendez-vous la "
                    "semaine prochaine aussi."
                ),
                goal={
                    "medication": "inhaler" if en else "Ventoline",
                    "anything_else": (
                        "And the repeat for my inhaler."
                        if en
                        else "Et le renouvellement de ma Ventoline."
                    ),
                },
                expect={"task": {"code": "prescription-renewal"}},
                tags=["several-requests"],
            )
        )
        out.append(
            booking(
                "two-book-saturday",
                language,
                accept=NEXT_WEEK,
                opening=(
                    "I'd like an appointment next week."
                    if en
                    else "Je voudrais un rendez-vous la semaine prochaine."
                ),
                goal={
                    "anything_else": (
                        "Oh, and what time do you close on Saturdays?"
                        if en
                        else "Ah, et vous fermez à quelle heure le samedi ?"
                    )
                },
                expect={"reply_contains": [SATURDAY[language]]},
                tags=["several-requests"],
            )
        )
        v = visits["pat-0036"]
        on = v.start.date().isoformat()
        out.append(
            scenario(
                f"natural-two-cancel-parking-{language}",
                "changes",
                language,
                patient=v.person.facts("chatty"),
                goal={
                    "intent": "cancel",
                    "appointment_on": on,
                    "opening": (
                        "Cancel my appointment on Thursday, and where can I park?"
                        if en
                        else "Annulez mon rendez-vous de jeudi, et on peut se garer où ?"
                    ),
                },
                expect={"cancelled": {"on": on}, "reply_contains": [PARKING[language]]},
                tags=["natural", "several-requests"],
            )
        )
        v = visits["pat-0038"]
        on = v.start.date().isoformat()
        out.append(
            scenario(
                f"natural-two-cancel-rebook-{language}",
                "changes",
                language,
                patient=v.person.facts("terse"),
                goal={
                    "intent": "reschedule",
                    "appointment_on": on,
                    "accept": NEXT_WEEK,
                    "accept_practitioners": [v.practitioner],
                    "when": "next week" if en else "la semaine prochaine",
                    "opening": (
                        "Cancel Thursday and find me something next week instead."
                        if en
                        else "Annulez jeudi et trouvez-moi plutôt quelque chose la semaine "
                        "prochaine."
                    ),
                },
                expect={
                    "rescheduled": {"practitioner": v.practitioner, "window": NEXT_WEEK},
                    "cancelled": {"on": on},
                },
                tags=["natural", "several-requests", "reschedule"],
            )
        )
    return out


def request_scenarios() -> list[dict[str, Any]]:
    """Every natural request scenario, French and English."""
    return [*_single(), *_several()]
