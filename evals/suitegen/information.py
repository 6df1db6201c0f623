"""Practice information from the knowledge base, asked the many ways callers ask; plus
prescription renewals and billing questions, which become staff requests."""

from __future__ import annotations

from typing import Any

from evals.suitegen.common import ADULTS, CLOCKS, PERSONAS, cycle, scenario, speak

QUESTIONS: dict[str, dict[str, list[str]]] = {
    "hours": {
        "en": [
            "Hi, what time do you close today?",
            "Are you open on Saturdays?",
            "What are your opening hours?",
            "Until what time is the practice open in the evening?",
            "Are you open on Sunday?",
            "What time do you open in the morning?",
        ],
        "fr": [
            "Bonjour, vous fermez à quelle heure ce soir ?",
            "Vous êtes ouverts le samedi ?",
            "Quels sont vos horaires d'ouverture ?",
            "Le cabinet est ouvert jusqu'à quelle heure ?",
            "Vous êtes ouverts le dimanche ?",
            "Vous ouvrez à quelle heure le matin ?",
        ],
    },
    "address": {
        "en": [
            "What's your address?",
            "Where exactly is the practice?",
            "I'm coming for the first time, where are you located?",
            "Is the dentist in the same building as the doctors?",
            "Could you give me the address of the practice please?",
            "I've got an appointment but I've lost the address, where do I go?",
        ],
        "fr": [
            "C'est quoi votre adresse ?",
            "Vous êtes où exactement ?",
            "Je viens pour la première fois, c'est à quelle adresse ?",
            "Le dentiste, c'est dans le même bâtiment que les médecins ?",
            "Vous pouvez me redonner l'adresse du cabinet ?",
            "J'ai un rendez-vous mais j'ai perdu l'adresse, c'est où ?",
        ],
    },
    "access": {
        "en": [
            "How do I get to you by metro?",
            "Which bus stops near the practice?",
            "Is the building wheelchair accessible?",
            "What's the nearest metro station?",
            "How do I get there by public transport?",
        ],
        "fr": [
            "Comment on vient chez vous en métro ?",
            "Quel bus s'arrête près du cabinet ?",
            "Est-ce que c'est accessible en fauteuil roulant ?",
            "C'est quelle station de métro la plus proche ?",
            "On vient comment en transports en commun ?",
        ],
    },
    "parking": {
        "en": [
            "Is there parking at the practice?",
            "Where can I park my car?",
            "Do you have a car park?",
            "Is there disabled parking near the entrance?",
            "Can I come by car, is there somewhere to park?",
        ],
        "fr": [
            "Il y a un parking chez vous ?",
            "Je peux me garer où ?",
            "Vous avez des places de stationnement ?",
            "Il y a des places handicapées devant l'entrée ?",
            "Je peux venir en voiture, il y a de quoi se garer ?",
        ],
    },
    "insurance": {
        "en": [
            "Do you accept the carte Vitale?",
            "Which health insurance cards do you accept?",
            "Do I need to bring my top-up insurance card?",
            "Do you take the French national health insurance card?",
            "Do you do direct billing with the national insurance?",
        ],
        "fr": [
            "Vous prenez la carte Vitale ?",
            "Vous faites le tiers payant ?",
            "Il faut apporter la carte de mutuelle ?",
            "Vous acceptez la carte Vitale ?",
            "Je n'ai pas de mutuelle, vous prenez quand même la carte Vitale ?",
        ],
    },
    "new_patients": {
        "en": [
            "Are you accepting new patients at the moment?",
            "Do your GPs take on new patients?",
            "I'm new to the area, are any of your doctors taking new patients?",
            "Which doctors accept new patients?",
            "Is Dr Dubois taking new patients?",
        ],
        "fr": [
            "Vous prenez de nouveaux patients ?",
            "Est-ce que vos médecins acceptent de nouveaux patients ?",
            "Je viens d'arriver dans le quartier, un médecin accepte de nouveaux patients ?",
            "Quels médecins prennent de nouveaux patients ?",
            "Le docteur Dubois prend-il de nouveaux patients ?",
        ],
    },
    "what_to_bring": {
        "en": [
            "What should I bring to my appointment?",
            "Do I need to bring anything for the visit?",
            "What documents do I need to bring?",
            "What do I bring for my daughter's appointment?",
            "Is there anything I should bring with me?",
        ],
        "fr": [
            "Qu'est-ce que je dois apporter pour le rendez-vous ?",
            "Il faut amener quels papiers ?",
            "Je dois apporter quoi pour une consultation ?",
            "Pour le rendez-vous de ma fille, j'apporte quoi ?",
            "Il faut que j'apporte quelque chose ?",
        ],
    },
    "fees": {
        "en": [
            "How much is a consultation?",
            "What do you charge for a GP visit?",
            "How much will the appointment cost me?",
            "What are your fees?",
            "How much does it cost to see a GP at your practice?",
            "Is the consultation expensive? How much should I expect to pay?",
        ],
        "fr": [
            "Combien coûte une consultation ?",
            "C'est combien chez le généraliste ?",
            "Le rendez-vous coûte combien ?",
            "Quels sont vos tarifs ?",
            "Une consultation chez vous, ça coûte combien ?",
            "C'est cher la consultation ? Je vais payer combien ?",
        ],
    },
    "teleconsultation": {
        "en": [
            "Do you do video consultations?",
            "Can I see the doctor online?",
            "Is a teleconsultation possible?",
            "Do any of the doctors do appointments by video?",
            "Could I have a consultation by video call instead of coming in?",
        ],
        "fr": [
            "Vous faites des téléconsultations ?",
            "Est-ce qu'on peut consulter en vidéo ?",
            "C'est possible de voir le médecin à distance, en visio ?",
            "Vous proposez la téléconsultation ?",
            "Je pourrais consulter par vidéo plutôt que de me déplacer ?",
        ],
    },
}

# Words of the demo practice's knowledge-base answer that the caller must hear.
ANSWER_HAS: dict[str, dict[str, list[str]]] = {
    "hours": {"en": ["Monday to Friday", "Sunday"], "fr": ["lundi au vendredi", "dimanche"]},
    "address": {"en": ["rue des Tilleuls"], "fr": ["rue des Tilleuls"]},
    "access": {"en": ["Voltaire"], "fr": ["Voltaire"]},
    "parking": {"en": ["car park"], "fr": ["parking public"]},
    "insurance": {"en": ["carte Vitale"], "fr": ["carte Vitale"]},
    "new_patients": {"en": ["Dr Dubois"], "fr": ["docteur Dubois"]},
    "what_to_bring": {"en": ["prescriptions"], "fr": ["ordonnances"]},
    "fees": {"en": ["30 euros"], "fr": ["30 euros"]},
    "teleconsultation": {"en": ["video consultations"], "fr": ["téléconsultations"]},
}


def information_scenarios() -> list[dict[str, Any]]:
    """Every knowledge-base topic, five or six phrasings, both languages."""
    out: list[dict[str, Any]] = []
    personas = cycle(PERSONAS)
    clocks = cycle(list(CLOCKS))
    for topic, by_language in QUESTIONS.items():
        for language, questions in by_language.items():
            for index, question in enumerate(questions):
                persona = next(personas)
                out.append(
                    scenario(
                        f"faq-{topic.replace('_', '-')}-{language}-{index + 1}",
                        "information",
                        language,
                        clock=next(clocks),
                        patient={"persona": persona},
                        goal={
                            "intent": "info",
                            "topic": topic,
                            "question": speak(question, language, persona),
                        },
                        expect={
                            "no_write": True,
                            "no_handoff": True,
                            "reply_contains": ANSWER_HAS[topic][language],
                        },
                        tags=[f"kb:{topic}"],
                    )
                )
    return out


MEDICATIONS = {
    "en": [
        "thyroid tablets",
        "metformin",
        "blood pressure pills",
        "contraceptive pill",
        "cholesterol tablets",
        "sleeping pills",
    ],
    "fr": [
        "Levothyrox",
        "metformine",
        "traitement pour la tension",
        "pilule",
        "traitement contre le cholestérol",
        "somnifères",
    ],
}
RENEWAL = {
    "en": [
        "Hello, I need a repeat prescription for my {med}.",
        "Hi, I'm running out of my {med}, could the doctor renew the prescription?",
        "I'd like my prescription renewed please, it's for my {med}.",
        "Could I get a renewal of my {med} without coming in?",
    ],
    "fr": [
        "Bonjour, j'aurais besoin d'un renouvellement d'ordonnance pour mon {med}.",
        "Bonjour, je n'ai bientôt plus de {med}, le docteur peut me refaire l'ordonnance ?",
        "Je voudrais faire renouveler mon ordonnance, c'est pour mon {med}.",
        "Est-ce que je peux avoir le renouvellement de mon {med} sans venir ?",
    ],
}


def prescription_scenarios() -> list[dict[str, Any]]:
    """Renewal requests: a staff task, no appointment written."""
    out: list[dict[str, Any]] = []
    personas = cycle(PERSONAS)
    for language in ("en", "fr"):
        callers = cycle(ADULTS[language])
        n = 0
        for med in MEDICATIONS[language]:
            for line in RENEWAL[language]:
                n += 1
                if n > 24:
                    break
                persona = next(personas)
                text = line.format(med=med)
                if language == "fr" and med in ("pilule", "metformine"):
                    text = text.replace("mon pilule", "ma pilule").replace(
                        "mon metformine", "ma metformine"
                    )
                out.append(
                    scenario(
                        f"rx-{language}-{n:02d}",
                        "prescriptions",
                        language,
                        patient=next(callers).facts(persona),
                        goal={
                            "intent": "prescription",
                            "medication": med,
                            "opening": speak(text, language, persona),
                        },
                        expect={
                            "no_write": True,
                            "no_handoff": True,
                            "task": {"code": "prescription-renewal"},
                        },
                        tags=["prescription"],
                    )
                )
    return out


BILLING = {
    "en": [
        "Hello, I've received a bill from you that I don't understand.",
        "Hi, I think I was charged twice for my last visit.",
        "I need a receipt for my last appointment for my insurance.",
        "My insurance hasn't reimbursed my last consultation, can someone look into it?",
        "Could you send me an invoice for my visit last week?",
        "There's a mistake on my invoice, the amount is wrong.",
        "I paid by card last time but I was charged again by cheque, can you check?",
        "I have a question about the payment for my last appointment.",
        "I got a reminder saying I owe you money, but I already paid.",
    ],
    "fr": [
        "Bonjour, j'ai reçu une facture de chez vous que je ne comprends pas.",
        "Bonjour, je crois qu'on m'a débité deux fois pour ma dernière consultation.",
        "Il me faudrait une facture de ma dernière consultation pour ma mutuelle.",
        "Ma mutuelle ne m'a pas remboursé la dernière consultation, quelqu'un peut regarder ?",
        "Vous pouvez m'envoyer une facture pour ma visite de la semaine dernière ?",
        "Il y a une erreur sur ma facture, le montant n'est pas le bon.",
        "J'ai payé par carte la dernière fois et on m'a encaissé un chèque en plus.",
        "J'ai une question sur le paiement de mon dernier rendez-vous.",
        "J'ai reçu une relance alors que j'ai déjà payé.",
    ],
}


def billing_scenarios() -> list[dict[str, Any]]:
    """Billing and insurance questions: a billing task for the staff."""
    out: list[dict[str, Any]] = []
    personas = cycle(PERSONAS)
    for language, lines in BILLING.items():
        callers = cycle(list(reversed(ADULTS[language])))
        for round_ in range(3):
            for index, line in enumerate(lines):
                if round_ == 2 and index >= 3:
                    break
                persona = next(personas)
                out.append(
                    scenario(
                        f"billing-{language}-{round_ * len(lines) + index + 1:02d}",
                        "billing",
                        language,
                        patient=next(callers).facts(persona),
                        goal={
                            "intent": "billing",
                            "question": speak(line, language, persona),
                            "details": line,
                        },
                        expect={"no_write": True, "no_handoff": True, "task": {"code": "billing"}},
                        tags=["billing"],
                    )
                )
    return out
