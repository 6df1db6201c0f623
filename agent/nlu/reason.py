"""Why the patient wants to be seen ("for my back", "mal aux dents") and which medication a
renewal is for ("a refill of my metformin", "mon Doliprane").

Reasons are short phrases cut from the patient's own words, never interpreted: triage and
urgency are decided elsewhere.
"""

from __future__ import annotations

import re

from agent.nlu.language import COMMON_WORDS
from agent.nlu.lexicon import word_list
from agent.nlu.normalize import Utterance

_MAX_WORDS = 6
_SYMPTOM = re.compile(
    r"\b(?:(?:j ai |i have |i ve got |i got )?(?:tres |vraiment |un peu )?mal (?:au|a la|a l|aux)"
    r" \w+|(?:une |des )?douleurs? (?:au|a la|a l|aux|dans le|dans la) \w+"
    r"|(?:a |an )?(?:sore|painful|swollen|itchy) \w+|(?:back|knee|tooth|ear|head|stomach|neck"
    r"|shoulder|chest)(?: ?ache| pain)s?|(?:de la |une |a |an )?"
    r"(?:hay fever|fievre|toux|fever|cough|rash|eruption"
    r"|angine|grippe(?! (?:shot|jab|vacc))|rhume|cold|flu(?! (?:shot|jab|vacc))|migraine|otite"
    r"|cystite|infection urinaire|conjonctivite"
    r"|eczema|acne|allergie|allergy|sinusite|bronchite|entorse|sprain|vertige|dizziness)\b)"
)
_FOR = re.compile(
    r"\b(?:for|pour|because of|a cause d|concerning|about|regarding|au sujet d|a propos d"
    r"|concernant|par rapport a)\s+"
    r"(?:my |mon |ma |mes |a |an |the |une |un |le |la |les |l |d |de )?"
    r"(?P<what>[a-z][a-z ]{2,60})"
)
_CUT = re.compile(
    r"\b(?:next|tomorrow|today|this|on|at|with|please|asap|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|la semaine|semaine|demain|aujourd|ce|cette|avec|chez|le|s il"
    r"|svp|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|des que|au plus|as soon|and|et"
    r"|mais|but|because|car|parce|if|si|in|dans|je|i|it|que|qui|that|sometime|anytime|a|an"
    r"|avant|apres|before|after|vers|around|svp|merci|thanks|thank|please)\b"
)
_NOT_A_REASON = re.compile(
    r"^(?:appointment|rendez|rdv|consultation|visit|visite|creneau|slot|time|moment|date|jour"
    r"|day|week|son|daughter|fils|fille|child|children|enfant|enfants|kid|kids|baby|bebe|wife"
    r"|husband|mari|femme|mother|father|mere|pere|mom|mum|dad|me|moi|myself|him|her|lui|elle"
    r"|renew|renouvel|refill|prescription|ordonnance|information|question|call|appel|sure"
    r"|example|exemple|instance|now|maintenant|the moment|lundi|mardi|mercredi|jeudi|vendredi"
    r"|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next|tomorrow"
    r"|demain|cancel|annul|yes|oui|no|non|dr|doctor|docteur|medecin|quelqu|someone|anyone"
    r"|that|ca|cela|it|this|what|quoi|who|qui|nothing|rien|all|tout|everything|later|plus"
    r"|something|anything|quelque|autre|other|question|bill|facture|insurance|result|resultat"
    r"|\d)"
)
_MEDS = re.compile(
    r"\b(?:doliprane|dafalgan|efferalgan|paracetamol|acetaminophen|tylenol|ibuprofene?|advil"
    r"|nurofen|aspirine?|kardegic|metformine?|glucophage|insuline?|insulin|levothyrox"
    r"|levothyroxine|ventoline|ventolin|salbutamol|seretide|lisinopril|ramipril|amlodipine"
    r"|atorvastatine?|simvastatine?|rosuvastatine?|crestor|tahor|lipitor|omeprazole|mopral"
    r"|inexium|esomeprazole|pantoprazole|amoxicilline?|augmentin|xanax|alprazolam|lexomil"
    r"|bromazepam|stilnox|zolpidem|seroplex|escitalopram|deroxat|paroxetine|prozac|fluoxetine"
    r"|sertraline|zoloft|lamictal|levothyroxine|pilule|contraceptive pill|the pill|spasfon"
    r"|gaviscon|smecta|previscan|eliquis|xarelto|warfarin|coumadine|bisoprolol|atenolol"
    r"|furosemide|lasilix|cortisone|prednisone|prednisolone|solupred|humira|methotrexate"
    r"|ozempic|januvia|synthroid|norvasc|zithromax|azithromycine?)\b"
)
_MED_NOUN = (
    r"(?:tablets?|pills?|medication|medicine|meds|drugs|inhaler|cream|drops|patch|spray"
    r"|injections?|comprimes?|cachets?|gelules?|pilule|traitement|medicaments?|inhalateur"
    r"|creme|gouttes|patchs?)"
)
_MED_AFTER = re.compile(
    r"\b(?:refill (?:of|for)|renew|renewed|renewal (?:of|for)|prescription (?:of|for)"
    r"|repeat (?:of )?|renouveler|renouvellement (?:de|du|d)|ordonnance (?:de|du|d|pour)"
    r"|out of|running out of|plus de|it s for|c est pour|for|pour)\s+"
    r"(?:my |mon |ma |mes |le |la |les |the |l )?"
    rf"(?P<med>(?:{_MED_NOUN}(?: (?:pour|contre|for) (?:la |le |les |l |my )?[a-z]+)?)"
    rf"|(?:[a-z]+ ){{0,2}}{_MED_NOUN}|[a-z][a-z-]{{3,25}})\b"
)
_GENERIC_MEDS = word_list("generic_medication_words")


# Words that follow "for"/"pour" without naming a medication.
_NOT_A_MED = word_list("not_medications")


def _raw_span(utterance: Utterance, words: str) -> str:
    """Recover the patient's spelling (accents) of a folded phrase when the words line up."""
    folded_words = words.split()
    raw_words = utterance.words
    for i in range(len(raw_words)):
        window = raw_words[i : i + len(folded_words)]
        if [w.fold.replace("'", " ") for w in window] == folded_words:
            return utterance.raw[window[0].start : window[-1].end]
    return words


_NEGATED = re.compile(r"\b(?:no|not|without|never|pas de|pas d|sans|aucune?|ni)\s+(?:\w+\s+)?$")


_DANGLING = frozenset(
    {"pour", "for", "de", "du", "des", "a", "au", "aux", "with", "avec", "of", "the", "la", "le",
     "les", "un", "une", "l", "d"}
)  # fmt: skip


def find_visit_reason(utterance: Utterance, corrected: str) -> str | None:
    """A short reason for the visit as said, or None."""
    m = next(
        (s for s in _SYMPTOM.finditer(corrected) if not _NEGATED.search(corrected[: s.start()])),
        None,
    )
    if m:
        phrase = re.sub(r"^(?:j ai|i have|i ve got|i got) ", "", m.group(0)).strip()
        return _raw_span(utterance, " ".join(phrase.split()[:_MAX_WORDS]))
    for m in _FOR.finditer(corrected):
        what = m.group("what")
        cut = _CUT.search(what)
        phrase = (what[: cut.start()] if cut else what).strip()
        words = phrase.split()[:_MAX_WORDS]
        while words and words[-1] in _DANGLING:
            words.pop()  # "un certificat médical pour [le sport]" keeps no dangling "pour"
        if words and not _NOT_A_REASON.match(words[0]) and len(words[0]) >= 3:
            start = corrected[m.start() : m.start("what")].split()
            lead = start[1:] if start and start[1:] else []
            text = " ".join([*lead, *words]) if lead else " ".join(words)
            return _raw_span(utterance, text)
    return None


def find_medication(utterance: Utterance, corrected: str) -> str | None:
    """The medication(s) a renewal is for, with the patient's spelling, or None."""
    known = list(dict.fromkeys(m.group(0) for m in _MEDS.finditer(corrected)))
    if known:  # "mon Doliprane et ma Ventoline" -> "Doliprane, Ventoline"
        return ", ".join(_raw_span(utterance, name) for name in known)
    name = None
    if name is None:
        for after in _MED_AFTER.finditer(corrected):
            candidate = after.group("med")
            first = candidate.split()[0]
            if candidate not in _GENERIC_MEDS and first not in _NOT_A_MED | COMMON_WORDS:
                name = candidate
                break
    if name is None:
        return None
    return _raw_span(utterance, name)
