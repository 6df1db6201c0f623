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
_MY_APPT = rf"(?:mon|ma|le|my|the|this|that|ce|cet|cette|notre|our|her|his|son|sa)\s+{APPT}"

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
            r"|\bmes (?:prochains? )?" + APPT + r"|\bmy (?:upcoming|next|future) " + APPT,
        ),
        (
            Intent.PRESCRIPTION,
            r"\bordonnance|\bprescription|\brefill|\brenouvel|\brenew\w*\b.{0,25}"
            r"\b(?:medic|meds|pills|treatment|traitement|my)\b|\brepeat (?:prescription|meds)"
            r"|\bplus de (?:medicament|cachet|comprime|pilule)|\bout of (?:my )?(?:medic|meds"
            r"|pills|tablets)|\brun out of\b",
        ),
        (
            Intent.BILLING,
            r"\bfactur|\bremboursement|\brembourse|\binvoice|\bbill\b|\bbilling|\bbilled"
            r"|\brefund|\bpayment|\bpaiement|\bpayer\b|\bpay (?:my|the|for)\b|\bcharged?\b"
            r"|\binsurance (?:claim|form|question|issue|problem)|\bfeuille de soins"
            r"|\bdepassement|\bcredit card\b|\bcarte bancaire|\bcheque\b|\breceipt|\brecu\b"
            r"|\binsurance\b|\bassurance\b|\bcaisse primaire|\bsecu\b|\bsecurite sociale",
        ),
        (
            Intent.RESULTS,
            r"\bresultat|\bresult\b|\bresults\b|\banalyses?\b|\bprise de sang|\bblood (?:test|work)"
            r"|\bbilan sanguin|\bradio(?:graphie)?\b|\bx ray|\bscan(?:ner)?\b|\birm\b|\bmri\b"
            r"|\bis it normal\b|\bis that normal\b|\bshould i (?:be worried|worry|take|stop)"
            r"|\best ce (?:que c est )?normal|\bc est normal\b|\bdois je (?:m inquieter|prendre"
            r"|arreter)|\bje dois (?:m inquieter|prendre|arreter)|\bside effects?\b"
            r"|\beffets? secondaires?|\bwhat dose\b|\bquelle dose",
        ),
        (
            Intent.BOOK,
            r"\b(?:prendre|avoir|reserver|fixer|caler|obtenir|book|make|schedule|get|need|want"
            r"|voudrais|veux|besoin d|souhaite|souhaiterais|aimerais|cherche)\b.{0,30}\b"
            r"(?:un |une |an |a |nouveau |new )?"
            + APPT
            + r"|\b(?:see|voir|consulter)\b.{0,12}\b(?:a |the |un |une |le |la |dr\b|doct|docteur"
            r"|medecin|dentist|dentiste|pediatre|gyneco|dermato|kine|physio|generaliste|gp\b"
            r"|someone|quelqu)"
            r"|\b(?:can|could|may) i (?:come|come in|see|book|get)\b|\bje peux venir\b"
            r"|\bpuis je venir\b|\bbe seen\b|\bune consultation\b|\bfirst available\b"
            r"|\bpremier (?:creneau|rdv|rendez)|\bdisponibilit|\bavailabilit"
            r"|\b(?:rendez vous|rdv|appointment) (?:pour|for)\b|^(?:un |an? )?" + APPT + r"\b",
        ),
        (
            Intent.GOODBYE,
            r"\bau revoir\b|\baurevoir\b|\bgood ?bye\b|\bbye\b|\bbonne (?:journee|soiree)\b"
            r"|\bthat s all\b|\bthat is all\b|\bc est tout\b|\bce sera tout\b"
            r"|\bhave a (?:nice|good)"
            r" (?:day|evening)|\ba bientot\b|\bsee you\b|\bnothing else\b|\brien d autre\b"
            r"|\bthanks?,? that s it\b|\bmerci c est (?:tout|bon)\b|\bbonne fin de",
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
        if topic and intent not in _BEFORE_INFO:
            if topic != "fees" and _BOOK.search(corrected):
                return Intent.BOOK
            return Intent.INFO
        if pattern.search(corrected):
            return intent
    return None
