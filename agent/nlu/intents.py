"""Why is the patient calling? Ordered keyword patterns over the corrected, folded text.

Rules are tried from the most specific to the most generic: "cancel my appointment" mentions an
appointment but is a cancellation; "do you take the carte vitale" mentions insurance but is a
practice-information question. ``detect_intent`` returns None when nothing matched, so a turn
that only carries a date or a name does not change the conversation's purpose.
"""

from __future__ import annotations

import re

from agent.understanding import Intent

APPT = (
    r"(?:r[ae]nd?[ae]?z?[- ]?vou?s?|rdv|rendez|app?oi?n?t?me?n?ts?|appt|consultation|creneau"
    r"|booking|visite?)"
)
_MY_APPT = (
    r"(?:(?:mon|ma|le|my|the|this|that|ce|cet|cette|notre|our|her|his|son|sa)\s+"
    r"(?:(?:prochain|next|upcoming|future|\w+ s|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|morning|afternoon|evening) )?|\b\w+ s )" + APPT
)  # "\w+ s": a possessive, "Jean's appointment", folded to "jean s appointment"

# "déplacer un rendez-vous", "change an appointment": an indefinite article counts only right
# after the verb ("I work the night shift so I need an appointment" is a booking).
_AN_APPT = r"(?:un|une|an|a|one) (?:de mes |of my )?(?:\w+ )?" + APPT + r"\b"

_RULES: tuple[tuple[Intent, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern))
    for intent, pattern in (
        (
            Intent.HUMAN,
            r"\b(?:parler|parle|causer|passer|transferer|speak|talk|put me through|transfer)\b"
            r".{0,30}\b(?:quelqu|quelqu un|humain|une personne|personne reelle|vraie personne"
            r"|secretaire|secretariat|standard|receptionniste|accueil|someone|somebody|human"
            r"|person|receptionist|secretary|operator|agent|staff|front desk|medecin|docteur"
            r"|doctor)\b"
            r"|\b(?:real|actual|live) (?:person|human)\b|\boperator\b|\breceptionist\b"
            r"|\b(?:une )?(?:vraie|vrai) personne\b|\bun humain\b|\bsecretaire\b"
            r"|\bsecretariat\b|\bstandardiste\b|\bhuman being\b",
        ),
        (
            Intent.CANCEL,
            r"\bannul|\bcancel|\bdesist|\bcall off\b|\bdecommander\b"
            r"|\b(?:won t|will not|cannot|can t|can not|wont|cant) (?:make it|come|attend)\b"
            r".{0,40}\b(?:cancel|annul)"
            r"|\bdon t need (?:it|the appointment|my appointment) anymore\b"
            r"|\bn ai plus besoin (?:de|du) (?:mon |ma |le )?" + APPT,
        ),
        (
            Intent.RESCHEDULE,
            r"\b(?:decaler|decale|deplacer|deplace|reporter|reporte|repousser|repousse|avancer"
            r"|changer|change|modifier|modifie|move|moving|reschedul\w*|postpone|push back"
            r"|bring forward|shift)\b.{0,25}"
            + _MY_APPT
            + r"|\b(?:decaler|deplacer|reporter|repousser|avancer|changer|modifier|move|change"
            r"|reschedule|postpone|push back|bring forward|shift) "
            + _AN_APPT
            + r"|\breschedul|\breport(?:er)? "
            + _MY_APPT
            + r"|"
            + _MY_APPT
            + r" .{0,25}\b(?:decal|deplac|report|move|chang|modif|earlier|later"
            r"|plus tot|plus tard)"
            r"|\b(?:another|other|different|new) (?:day|date|time)\b.{0,30}\b(?:instead|for my)"
            r"|\bautre (?:jour|date|heure|creneau)\b.{0,30}\b(?:pour|a la place)",
        ),
        (
            Intent.CHECK,
            r"\b(?:when|what time|what day|which day)\b.{0,20}\b"
            + _MY_APPT
            + r"|\b(?:quand|quelle heure|quel jour|a quelle heure)\b.{0,25}\b"
            + _MY_APPT
            + r"|\b(?:confirmer|verifier|check|confirm|verify|rappeler)\b.{0,20}"
            + _MY_APPT
            + r"|\bdo i (?:still )?have (?:an|a) "
            + APPT
            + r"|\bai je (?:bien )?(?:un|une) "
            + APPT
            + r"|\bj ai (?:bien )?(?:un|une) "
            + APPT
            + r".{0,40}\b(?:quand|heure|confirm|verif)"
            r"|\b(?:est ce que|ce que) (?:j ai|mon) .{0,30}\b(?:toujours|bien) "
            r"|\b(?:is|was) " + _MY_APPT + r" (?:still|confirmed|on)\b"
            r"|\bmes (?:prochains? )?"
            + APPT
            + r"|\bmy (?:upcoming|next|future) "
            + APPT
            + r"|\bwhen am i (?:booked|due|seeing|coming)\b|\bwhat time am i (?:booked|due|seeing"
            r"|coming|meant)\b|\b(?:lost|lose) my (?:appointment )?card\b|\bperdu mon (?:carton"
            r"|papier|rappel)\b|\bquel jour (?:je dois|c etait|j ai rendez)"
            r"|\ba quelle heure (?:je dois|dois je) venir\b"
            # "il a rendez-vous chez le dentiste, c'est quel jour déjà ?", "I've lost the card"
            r"|\b(?:a|ai|avons|ont|have|has|got|had) (?:un |une |an |a )?" + APPT + r"\b.{0,80}"
            r"\b(?:quel jour|quelle heure|c est quand|c etait quand|what day|what time"
            r"|when is it)\b"
            r"|\bperdu (?:le|mon|ma|la|son|sa) (?:petit |petite )?(?:papier|carton|carte|rappel"
            r"|convocation|sms|message|mail)\b|\blost (?:the|my|his|her) (?:little )?(?:card|letter"
            r"|paper|text|reminder)\b",
        ),
        (
            Intent.PRESCRIPTION,
            r"\bordonnance|\bprescription|\brefill|\brenouvel|\brenew\w*\b.{0,25}"
            r"\b(?:medic|meds|pills|treatment|traitement|my)\b|\brepeat (?:prescription|meds)"
            r"|\bplus de (?:medicament|cachet|comprime|pilule|traitement)|\bout of (?:my )?(?:medic"
            r"|meds|pills|tablets)|\brun(?:ning)? out of\b|\bn (?:ai|aurai) (?:bientot )?plus de\b"
            r"|\bplus de (?:mon|ma|mes) \w+"
            # British and everyday renewals: "my repeat for the inhaler", "more of my metformin"
            r"|\b(?:my|a|the) repeats?\b|\bmore of my\b|\b(?:nearly|almost|about to run) out of\b"
            r"|\brunning (?:low|short) (?:on|of)\b|\brun out of\b|\bsign off my\b"
            r"|\b(?:traitement|ordonnance|medicaments?|comprimes|cachets|pilule)\b.{0,25}\b(?:est"
            r" |sont )?(?:fini|finie|finis|termine|terminee|epuise)\b|\brefaire (?:mon|ma|l|une)"
            r" (?:ordonnance|traitement)|\bnouvelle ordonnance\b|\b(?:bientot|presque) plus de\b"
            r"|\bn ai plus de (?:comprime|cachet|medicament|pilule|traitement)",
        ),
        (
            Intent.BILLING,
            r"\bfactur|\bremboursement|\brembourse|\binvoice|\bbill\b|\bbilling|\bbilled"
            r"|\brefund|\bpayment|\bpaiement|\bpayer\b|\bpay (?:my|the|for)\b|\bcharged?\b"
            r"|\binsurance (?:claim|form|question|issue|problem)|\bfeuille de soins"
            r"|\bdepassement|\bcredit card\b|\bcarte bancaire|\bcheque\b|\breceipt|\brecu\b"
            r"|\binsurance\b|\bassurance\b|\bcaisse primaire|\bsecu\b|\bsecurite sociale"
            r"|\bowe\b|\bmoney\b|\bargent\b|\bdebit\w*|\bencaiss\w*|\bamount\b|\bmontant"
            r"|\balready paid\b|\bdeja paye|\bpaid twice\b|\brelance\b"
            r"|\b(?:took|take|taken|charged?) \d+ (?:euros?|pounds?|dollars?)"
            r"|\bfrom my (?:card|account)"
            r"|\bpreleve\w*|\bprelevement|\bcomplain\w* about (?:my|the|a) (?:bill|invoice|charge)",
        ),
        (
            Intent.RESULTS,
            r"\bresultat|\bresult\b|\bresults\b|\banalyses?\b|\bprise de sang|\bblood (?:test|work)"
            r"|\bbilan sanguin|\bradio(?:graphie)?\b|\bx ray|\bscan(?:ner)?\b|\birm\b|\bmri\b"
            r"|\bis it normal\b|\bis that normal\b|\bshould i (?:be worried|worry|take|stop)"
            r"|\best ce (?:que c est )?normal|\bc est normal\b|\bdois je (?:m inquieter|prendre"
            r"|arreter)|\bje dois (?:m inquieter|prendre|arreter)|\bside effects?\b"
            r"|\beffets? secondaires?|\bwhat dose\b|\bquelle dose"
            r"|\b(?:urine|lab|urinary) tests?\b|\bwhat (?:it|they|the test) showed\b"
            r"|\bdoses?\b|\bdosage\b|\bposologie|\bper kilo|\bpar kilo|\bmg\b"
            r"|\b(?:can|may|should) i give\b|\b(?:je peux|puis je|dois je) (?:lui )?donner\b"
            r"|\banalyse d urine|\b(?:can|may|should) i take (?!an? )\w+ (?:with|while|and|if)\b"
            r"|\b(?:je peux|puis je|est ce que je peux|dois je) prendre (?:du|de la|de l|des|de) "
            r"(?!rendez|rdv)\w+",
        ),
        (
            Intent.BOOK,
            r"\b(?:prendre|avoir|reserver|fixer|caler|obtenir|book|make|schedule|get|need|want"
            r"|voudrais|veux|besoin d|souhaite|souhaiterais|aimerais|cherche|like|faudrait|faut)\b"
            r".{0,30}\b"
            r"(?:un |une |an |a |nouveau |new )?"
            + APPT
            + r"|\b(?:see|voir|consulter)\b.{0,12}\b(?:a |the |un |une |le |la |dr\b|doct|docteur"
            r"|medecin|dentist|dentiste|pediatre|gyneco|dermato|kine|physio|generaliste|gp\b"
            r"|someone|quelqu)"
            r"|\b(?:can|could|may) i (?:come|come in|see|book|get)\b|\bje peux venir\b"
            r"|\b(?:voudrais|voudrait|veux|aimerais|souhaite\w*|like to|want to|need to"
            r"|je peux|puis je|pourrais je|je pourrais) (?:revenir|venir|passer|repasser|come back"
            r"|pop in|drop by)\b"
            r"|\bpuis je venir\b|\bbe seen\b|\bune consultation\b|\bfirst available\b"
            r"|\b(?:book|fit|squeeze|get) (?:me|us|him|her|my \w+) in\b|\bcome in\b"
            r"|\bbook (?:me|us|him|her)\b|\b(?:reservez|reserve|calez|cale|mettez|inscrivez)"
            r" (?:moi|nous|le|la)\b"
            r"|\bpremier (?:creneau|rdv|rendez)|\bdisponibilit|\bavailabilit"
            r"|\b(?:rendez vous|rdv|appointment) (?:pour|for)\b|^(?:un |an? )?" + APPT + r"\b"
            r"|\b(?:like|avez|auriez|have|trouver|possible d avoir|possible to have) "
            r"(?:an? |un |une )?"
            + APPT
            + r"|\b(?:do you have|have you got|is there|are there|vous avez|vous auriez|auriez vous"
            r"|avez vous|y a t il|il y a) (?:\w+ )?(?:anything|something|quelque chose"
            r"|de la place|une place|room|space|any (?:slots?|space|room|availability|time)"
            r"|(?:un |des )?creneaux?|(?:a |any )?slots?|availability|free)\b"
            r"|\b(?:register|registering|sign up|s inscrire|m inscrire|inscription"
            r"|become (?:a )?(?:new )?patient|devenir (?:son |sa )?patiente?"
            r"|etre suivie? par|to be seen by|patient of dr)\b"
            r"|\b(?:il me faut|il me faudrait|j ai besoin d|i need|i m looking for|looking for"
            r"|je cherche|je voudrais|i would like|i d like) (?:un |une |a |an )?(?:nouveau |new )?"
            r"(?:medecin|docteur|doctor|gp|dentist|dentiste|pediatre|kine|physio|dermato"
            r"|gyneco|generaliste|medecin traitant)\w*",
        ),
        (
            Intent.GOODBYE,
            r"\bau revoir\b|\baurevoir\b|\bgood ?bye\b|\bbye\b|\bbonne (?:journee|soiree)\b"
            r"|\bthat s all\b|\bthat is all\b|\bc est tout\b|\bce sera tout\b"
            r"|\brien d autre\b(?<!avez rien d autre)(?<!vous n avez rien d autre)"
            r"|\bhave a (?:nice|good)"
            r" (?:day|evening)|\ba bientot\b|\bsee you\b|\bnothing else\b"
            r"|\bthanks?,? that s it\b|\b(?:no|non) that s it\b"
            r"|\bthat s it(?: thanks?)?[ .!]*$|\bmerci c est (?:tout|bon)\b|\bbonne fin de"
            r"|\bnever mind\b|\btant pis\b|\bje (?:vous )?rappellerai\b"
            r"|\bi ll call (?:you )?back\b",
        ),
    )
)


_BOOK = dict(_RULES)[Intent.BOOK]
_BEFORE_INFO = frozenset(
    {
        Intent.HUMAN,
        Intent.CANCEL,
        Intent.RESCHEDULE,
        Intent.CHECK,
        Intent.PRESCRIPTION,
        Intent.RESULTS,
    }
)


def detect_intent(corrected: str, topic: str | None = None) -> Intent | None:
    """Return the intent of a corrected, folded turn, or None when it states none.

    Args:
        corrected: output of ``spelling.correct(normalize(text).folded)``.
        topic: the knowledge-base topic found in the turn, if any: a practice-information
            question wins over billing and generic booking words ("how much is a consultation").
    """
    for intent, pattern in _RULES:
        if intent in _BEFORE_INFO and pattern.search(corrected):
            return intent
    if topic:
        # "vous prenez de nouveaux patients ? il me faudrait un médecin" is a booking; a
        # question about parking or video calls stays a question even near booking words.
        if topic == "new_patients" and _BOOK.search(corrected):
            return Intent.BOOK
        return Intent.INFO
    for intent, pattern in _RULES:
        if intent not in _BEFORE_INFO and pattern.search(corrected):
            return intent
    return None
