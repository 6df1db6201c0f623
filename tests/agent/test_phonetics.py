"""Words as a recogniser hears them: broad-class phonemes and word frequencies."""

from __future__ import annotations

import pytest

from agent import phonetics
from agent.phonetics import Phonemes, broad, phonemes, zipf


def test_spellings_of_one_sound_sound_the_same() -> None:
    fr = phonemes("fr")
    assert fr.of(["asthme"]) == fr.of(["asme"])
    assert fr.of(["Dubois"]) == fr.of(["dubwa"])
    # A sound a recogniser drops is one phoneme: "cache" for "crache".
    cache, crache = fr.of(["cache", "crache"])
    assert len(crache) == len(cache) + 1


def test_broad_classes_ignore_notation_not_sounds() -> None:
    assert broad("fiːvə") == broad("fivə")  # vowel length
    assert broad("ʁ") == broad("ɹ")  # a French or an English r
    assert broad("kaʃ") != broad("kaz")


def test_the_store_of_sounded_words_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phonetics, "MAX_KNOWN", 3)
    sounds = Phonemes("en")
    first = sounds.of(["one", "two"])
    assert sounds.of(["three", "four", "one"])[2] == first[0]
    assert len(sounds._known) <= 4


def test_word_frequency() -> None:
    assert zipf("fièvre", "fr") > 3 > zipf("asme", "fr")
    assert zipf("coragulant", "fr") == 0
