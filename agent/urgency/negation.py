"""Is a symptom mention negated ("no chest pain"), or about the past ("a stroke 5 years ago")?

Both are judged locally, so that "no fever but chest pain" still fires chest pain:
- Negation looks only at the words just before the mention, inside its clause (a clause ends at
  punctuation or a word such as "but"/"mais"/"because"), and only when those words END with a
  negation cue followed by filler ("I don't have any", "pas de", "aucune", "no fever or"). A
  French verb framed by "ne ... pas/plus" ("il ne saigne plus") is negated too. Anything else
  ("I can't sleep because of chest pain", "j'ai pas mal de douleurs") is not negated.
- Past history needs a remote-time marker in the mention's sentence (years or months ago, last
  year, "in 2019", "il y a 5 ans", "history of"...) and no sign of the present ("now", "again",
  "encore", "ce matin"...). When in doubt the mention counts as current.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_EN_NEG = (
    r"no|not|never|without|none|nor|neither|zero|denies|denied|deny|free of|absence of"
    r"|negative for|no longer|nothing like|rather than|instead of"
)
_EN_AUX = (
    r"(?:don|doesn|didn|haven|hasn|hadn|isn|aren|wasn|weren|ain|won) t"
    r"|(?:do|does|did|have|has|had|is|are|was|were|am|will|i m|he s|she s) not|never"
)
_EN_VERB = (
    r"have|has|had|got|get|getting|feel|feeling|felt|experience|experiencing|experienced"
    r"|notice|noticed|noticing|see|seen|seem to have|think (?:i|he|she|they|we) (?:have|has|had)"
    r"|complain(?:ing)? (?:of|about)|suffer(?:ing)? from|report(?:ing)?|show(?:ing)?|having"
    r"|been having|been|currently have|appear to have|look like"
)
_FR_NEG = (
    r"pas|jamais|sans|aucun|aucune|aucuns|aucunes|ni|non|point|absence (?:de|d)"
    r"|n (?:\w+ ){0,2}plus|ne (?:\w+ ){0,2}plus|plus aucun|plus aucune|plus jamais"
)
_FILL = (
    r"any|a|an|the|some|real|more|other|further|sign of|signs of|symptoms? of|problems? with"
    r"|trouble with|issues? with|much|significant|really|of|with|at all|actual|obvious|major"
    r"|serious|severe|his|her|my|their|de|d|du|des|la|le|les|l|un|une|vraiment|signe (?:de|d)"
    r"|signes (?:de|d)|trace (?:de|d)|symptomes? (?:de|d)|probleme (?:de|d)|souci (?:de|d)|du tout"
    r"|eu|ressenti|senti|remarque|constate|note|observe|encore|plus|particulier|particuliere"
    r"|fait|refait|eu de|fait de|presente|montre|idees?|pensees?|thoughts?|thought of|thoughts of"
    r"|envie (?:de|d)|sign|signs|symptoms?|episodes?|episode of|history|antecedents?"
)
_NEG_END = re.compile(
    rf"\b(?:{_EN_NEG}|{_FR_NEG}|(?:{_EN_AUX})(?: (?:{_EN_VERB}))*)"
    rf"(?: (?:{_FILL}))*"
    rf"(?: [a-z]+(?: [a-z]+)?(?: (?:{_FILL}))* (?:or|nor|ou|ni|and no|et pas de|et sans)"
    rf"(?: (?:{_FILL}))*)? ?$"
)
_FR_FRAME_BEFORE = re.compile(r"\bn(?:e)? (?:me |te |se |lui |le |la |les |l |m |s )?$")
_FR_FRAME_AFTER = re.compile(r" (?:pas|plus|jamais|point|guere)\b")

_CLAUSE_END = re.compile(
    r"(?<!\d)[.,](?!\d)|[;:!?]|\b(?:but|mais|however|though|although|cependant|pourtant"
    r"|par contre|sauf que|except|whereas|alors que|because|parce que|car|since|puisque|so"
    r"|donc|and now|et maintenant|et puis|puis|then|while|tandis que|instead|plutot|and then"
    r"|et la|now|maintenant|en revanche|by contrast|yet)\b"
)
_SENTENCE_END = re.compile(r"(?<!\d)\.(?!\d)|[;!?]|\b(?:but|mais|however|cependant|pourtant)\b")

_HISTORY = re.compile(
    r"\b(?:(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|few|several|many|couple of"
    r"|some) (?:years?|yrs|months?) ago|years ago|months ago|last (?:year|month|summer|winter"
    r"|spring|autumn|fall|christmas)|the year before|(?:in|back in|during) (?:19|20)\d\d"
    r"|when (?:i|he|she) was (?:a )?(?:child|kid|young|little|teenager|baby|younger)"
    r"|as a (?:child|kid|teenager|teen|baby|toddler)"
    r"|(?:in|back in|during) (?:nineteen|twenty) (?:ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|oh \w+|\w+ty)|(?:in|back in) two thousand"
    r"|en (?:deux mille|mille neuf cent)"
    r"|(?:a eu|avait eu|a fait|avait fait) (?:une |un |des )?\w+"
    r" (?:bebe|tout petit|toute petite|enfant|ado)"
    r"|in the past|history of|past history|long time ago|ages ago"
    r"|il y a (?:\d+|un|une|deux|trois|quatre|cinq|six|dix|quelques|plusieurs) (?:ans?|annees?"
    r"|mois)|l an (?:dernier|passe)|l annee (?:derniere|passee)|le mois (?:dernier|passe)"
    r"|l (?:ete|hiver|automne) dernier|au printemps dernier|en (?:19|20)\d\d"
    r"|quand (?:j etais|il etait|elle etait) (?:petit|petite|enfant|jeune|bebe|ado)"
    r"|dans le passe|par le passe|autrefois|antecedents? (?:de|d)|il y a longtemps"
    r"|died (?:of|from|after)|passed away|decede\w*|est mort|est morte|sont morts|family history"
    r"|runs in (?:the|my|our) family|dans la famille|antecedents familiaux)\b"
)
_PRESENT = re.compile(
    r"\b(?:now|right now|currently|(?<!pregnant )(?<!expecting )again|today|tonight"
    r"|this (?:morning|afternoon|evening|week)"
    r"|at the moment|still|came back|is back|s back|coming back|back again|returned"
    r"|since (?:this|last night|yesterday)|yesterday|maintenant|actuellement|en ce moment"
    r"|encore|(?<!enceinte )de nouveau|(?<!enceinte )a nouveau|aujourd hui"
    r"|ce (?:matin|soir|midi)|cette nuit|cet apres midi"
    r"|depuis (?:ce|hier|cette)|hier|toujours|recommence|revenu|revenue|reviennent|revient"
    r"|vient de|viens de|venons de)\b"
)
_FOLLOW_UP = re.compile(
    r"\b(?:follow ?ups?|check ?ups?|check on|review|cast (?:off|removal|removed|taken off)"
    r"|remove (?:the|my|his|her) cast|physio\w*|rehab\w*|stitches? (?:out|removed|removal)"
    r"|suivi|controle|visite de controle|radio de controle|platre a (?:enlever|retirer)"
    r"|(?:enlever|retirer) (?:le|mon|son) platre|reeducation|kine\w*|bilan|certificat"
    r"|certificate|dressing change|changer le pansement|pansement a refaire)\b"
)


_REACH = 300
"""How far (characters) from a mention its sentence is read, so long run-on text stays linear."""


class Context:
    """Clause and sentence boundaries of one normalised text, computed once and reused."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[int, int, int], bool] = {}
        bounds = [m.span() for m in _CLAUSE_END.finditer(text)]
        self._clause_starts = [start for start, _end in bounds]
        self._clause_ends = [end for _start, end in bounds]
        sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self._sentence_starts = [0, *sentence_ends]
        self._sentence_ends = [*(m.start() for m in _SENTENCE_END.finditer(text)), len(text)]

    def clause_start(self, pos: int) -> int:
        """Index where the clause containing ``pos`` begins."""
        i = bisect_right(self._clause_ends, pos) - 1
        return self._clause_ends[i] if i >= 0 else 0

    def _clause_end(self, pos: int, limit: int) -> int:
        i = bisect_right(self._clause_ends, pos)
        if i < len(self._clause_starts):
            return min(self._clause_starts[i], limit)
        return limit

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence containing ``pos``, at most ``_REACH`` either side."""
        i = bisect_right(self._sentence_starts, pos) - 1
        start, end = self._sentence_starts[i], self._sentence_ends[i]
        return max(start, pos - _REACH), min(end, pos + _REACH)

    def is_negated(self, start: int, end: int) -> bool:
        """True when the mention at ``text[start:end]`` is negated in its clause."""
        clause = self.clause_start(start)
        before = self.text[max(clause, start - 80) : start]
        if _NEG_END.search(before):
            return True
        return bool(_FR_FRAME_BEFORE.search(before) and _FR_FRAME_AFTER.match(self.text, end))

    def _has(self, regex: re.Pattern[str], start: int, end: int) -> bool:
        # Repeated mentions in one sentence ask the same question: answer it once.
        key = (id(regex), start, end)
        if key not in self._cache:
            self._cache[key] = regex.search(self.text, start, end) is not None
        return self._cache[key]

    def is_historical(self, pos: int) -> bool:
        """True when the mention's sentence places it in the past and nothing says 'now'."""
        start, end = self.sentence(pos)
        if not self._has(_HISTORY, start, end):
            return False
        # "Now", "again" must be in the mention's own clause: "I had a heart attack in 2019
        # and now I have chest pain" keeps the heart attack in the past, not the chest pain.
        clause_start = self.clause_start(pos)
        clause_end = self._clause_end(pos, end)
        return not self._has(_PRESENT, clause_start, clause_end)

    def is_follow_up(self, pos: int) -> bool:
        """True when the mention's sentence is about a follow-up visit (a cast, a check-up)."""
        start, end = self.sentence(pos)
        return self._has(_FOLLOW_UP, start, end) and not self._has(_PRESENT, start, end)
