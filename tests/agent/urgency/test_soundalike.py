"""Sound-alike repair of transcripts: a red-flag phrase misheard as a non-word is still read as
the phrase on a voice call; a real word, a negation or a name is never turned into a symptom."""

from __future__ import annotations

import pytest

from agent.understanding import UrgencyLevel
from agent.urgency import assess
from agent.urgency.corpus import HELDOUT_FILE, load_corpus
from agent.urgency.soundalike import sound_alikes

# What Whisper base wrote for the triage suite's callers over an 8 kHz line (voice evals).
MISHEARD = [
    ("fr", "A bonjour, oui, alors voilà, je fais une crise d'asme et la vente oligne ferielle.",
     UrgencyLevel.URGENT),
    ("fr", "A bonjour, oui, je me suis gravement brilé la mer avec de lui il bouillante.",
     UrgencyLevel.EMERGENCY),
    ("fr", "Appelez le samedi s'il vous plaît, cette inurgence vitale.", UrgencyLevel.EMERGENCY),
    ("fr", "Je me suis fait une coupeur profonde au doigt, je crois qu'il faut des poires.",
     UrgencyLevel.URGENT),
    ("en", "Hi, sorry to bother you. I take Asperin every day and I bump my head on a cupboard.",
     UrgencyLevel.URGENT),
    ("fr", "Ah bonjour, j'ai de la fiertre depuis quatre jours, ça ne baisse pas.",
     UrgencyLevel.URGENT),
    # Real words, anchored by the words around them.
    ("fr", "Allô, bonjour, Madame, ma mère cache du sang depuis hier soir.",
     UrgencyLevel.EMERGENCY),
    ("fr", "Je suis tombé dans les escaliers, je me suis connu la tête et j'ai vomit deux fois.",
     UrgencyLevel.EMERGENCY),
    # One word heard as a lone vowel and a real word that sound the same together.
    ("fr", "Allô, bonjour, madame, mon père est soufflé depuis ce matin, ce n'est pas normal.",
     UrgencyLevel.URGENT),
    # A medicine after "takes", "is on", "sous": heard as real words, or as several.
    ("en", "Hello, my dad takes a liquid and he fell and banged his head.",
     UrgencyLevel.EMERGENCY),
    ("en", "My mum is on war for in and she hit her head on the door.", UrgencyLevel.EMERGENCY),
    ("fr", "Mon père est sous carré de jite, il s'est connu la tête sur l'étagère.",
     UrgencyLevel.URGENT),
    ("fr", "Mon père prend du sarel tôt et il s'est cogné la tête.", UrgencyLevel.EMERGENCY),
    # Of two words, one a sound off and the other heard as it is.
    ("fr", "Mon fils a de la fièvre et des tailles violettes qui ne s'effacent pas.",
     UrgencyLevel.EMERGENCY),
    # An article run into the noun after it ("des taches": "détaché").
    ("fr", "Alors voilà, j'ai détaché violettes sur les jambes depuis ce matin.",
     UrgencyLevel.URGENT),
    # A non-word of three sounds that are exactly a word of the rules ("asme": asthme), and
    # three real words that together sound exactly like a long one ("vente au ligne").
    ("fr", "Bonjour, l'asme de ma fille, Sanghave, elle siffle et elle a besoin de sa vente au "
     "ligne souvent.", UrgencyLevel.URGENT),
]  # fmt: skip


@pytest.mark.parametrize(("language", "heard", "level"), MISHEARD)
def test_a_misheard_red_flag_is_read_on_a_voice_call(
    language: str, heard: str, level: UrgencyLevel
) -> None:
    assert assess(heard, language=language).level is UrgencyLevel.ROUTINE  # type: ignore[arg-type]
    on_call = assess(heard, language=language, heard=True)  # type: ignore[arg-type]
    assert on_call.level is level
    # Staff see what was heard and what it was taken for.
    assert "heard:" in on_call.flags[0].evidence


@pytest.mark.parametrize(
    ("language", "heard"),
    [
        ("fr", "Mon bébé a 6 semaines, pas de fièvre, il boit bien, c'est pour sa visite"),
        ("fr", "Ces papiers vont me tuer, je voulais juste un rendez-vous"),
        ("fr", "Bonjour, je crois qu'on m'a débité deux fois pour ma dernière consultation."),
        ("fr", "Je voudrais un rendez-vous vendredi à dix heures et demie."),
        ("en", "Hi, I'm a nurse at Bichat hospital, calling about a patient of Dr Dubois."),
        ("en", "Can I get my repeat prescription for my inhaler and my blood thinner"),
        ("en", "I think I have cystitis, no fever and no back pain."),
        ("en", "He hasn't hit his head, he just sprained his ankle, he's on warfarin though"),
        ("en", "I need a repeat prescription for my sleeping pills, I take them as prescribed."),
        ("en", "He takes a walk every day and he bumped his head on a shelf, he's fine."),
        ("en", "My neck is a bit stiff from sleeping badly, no fever at all."),
        ("en", "she's feeling a bit better, it isn't working out for her at school"),
        ("fr", "Mon fils a un peu mal au ventre mais il boit bien et il joue"),
        ("en", "my husband hides all his pills, can we talk about his prescription"),
        # Two real words that together sound like one red-flag word, said as meant.
        ("fr", "Ma fille est grande en taille pour son âge, c'est pour son vaccin."),
        ("fr", "Il est un peu fatigué et il tremble et il a froid, rien de grave."),
        ("en", "He was in shock in the car but he is fine now, just a check-up."),
        ("en", "How do I get to this location? Is it near the station?"),
        ("en", "She is an responsive child, it's for her vaccination."),
        # A word that only starts like an article keeps its own sound ("délavé" is no "lavé").
        ("fr", "Il a une tache délavée sur son t-shirt violet, rien de grave."),
        ("fr", "Les dessins violets de ma fille sont sur le frigo."),
        # A name the recogniser spelled as it heard it is no symptom ("Chofi": choking).
        ("en", "Chofi Walker."),
        ("fr", "Salut de Nof As-Dis, Silvou-Plaire."),
        # A guess never outweighs what the caller clearly denied ("nez bouché" misheard).
        (
            "fr",
            "Je voudrais voir un médecin pour mon éboucher, mais je respire bien pas de "
            "difficulté à respirer.",
        ),
    ],
)
def test_real_words_names_and_negations_stay_as_heard(language: str, heard: str) -> None:
    typed = assess(heard, language=language)  # type: ignore[arg-type]
    assert assess(heard, language=language, heard=True).level is typed.level  # type: ignore[arg-type]


def test_repairs_run_words_together_but_never_swallow_a_negation() -> None:
    repair = sound_alikes("fr").repair
    assert "ventoline" in repair("la vente oligne ne marche pas").text
    assert repair("il ne coragula pas").text.split()[:2] == ["il", "ne"]


def test_no_caller_in_the_corpora_is_raised_above_their_label_by_a_repair() -> None:
    # Every labelled utterance, read as if transcribed: a repair may find a missed flag, but
    # never makes a routine or urgent call more than it is.
    for item in [*load_corpus(), *load_corpus(HELDOUT_FILE)]:
        got = assess(item.text, language=item.language, heard=True).level
        assert got.rank <= max(
            item.level.rank, assess(item.text, language=item.language).level.rank
        ), item.text


def test_another_hearing_is_read_but_never_brings_back_a_denied_red_flag() -> None:
    best = "I've come out and hides all over after taking a new antibiotic."
    other = "I've come out in hives all over after taking a new antibiotic."
    assert assess(best, language="en", heard=True).level is UrgencyLevel.ROUTINE
    assert assess(best, language="en", heard=True, also_heard=[other]).level is not (
        UrgencyLevel.ROUTINE
    )
    denied = "No chest pain at all, I'd like my flu jab."
    lost = "No, chest pain at all, I'd like my flu jab."  # a hearing that drops the negation
    assert assess(lost, language="en").level is UrgencyLevel.EMERGENCY  # as if said
    assert assess(denied, language="en", heard=True, also_heard=[lost]).level is (
        UrgencyLevel.ROUTINE
    )
