"""Replies read well aloud: dates as people say them, both catalogs complete, short lists."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from agent.replies import english, french, keys, message, render, say_birth_date, say_when

TZ = "Europe/Paris"


def test_dates_as_spoken_in_the_practice_time_zone() -> None:
    moment = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("UTC"))  # 10:30 in Paris
    assert say_when(moment, "fr", TZ) == "mardi 24 novembre à 10 h 30"
    assert say_when(moment, "en", TZ) == "Tuesday 24 November at 10:30"
    assert say_when("2026-12-01T09:00:00+01:00", "fr", TZ) == "mardi 1er décembre à 9 h"
    assert say_birth_date(date(1958, 3, 14), "en") == "14 March 1958"


def test_both_catalogs_have_the_same_messages_and_placeholders() -> None:
    assert set(french.MESSAGES) == set(english.MESSAGES) == keys()
    for key in keys():
        fr_fields = {p for p in french.MESSAGES[key].split("{")[1:]}
        en_fields = {p for p in english.MESSAGES[key].split("{")[1:]}
        assert {f.split("}")[0] for f in fr_fields} == {f.split("}")[0] for f in en_fields}, key


def test_offers_name_the_day_and_practitioner_once() -> None:
    options = [
        {"start": "2026-11-24T09:00:00+01:00", "practitioner": "Dr Claire Martin"},
        {"start": "2026-11-24T10:00:00+01:00", "practitioner": "Dr Claire Martin"},
        {"start": "2026-11-25T11:00:00+01:00", "practitioner": "Dr Claire Martin"},
    ]
    fr = message("offer", "fr", TZ, {"options": options})
    assert fr == (
        "Je peux vous proposer mardi 24 novembre à 9 h, 10 h ou mercredi 25 novembre à 11 h "
        "avec le Dr Claire Martin : lequel vous convient ?"
    )
    en = message("offer", "en", TZ, {"options": options[:2]})
    assert en == (
        "I can offer Tuesday 24 November at 9:00 or 10:00 with Dr Claire Martin: "
        "which one suits you?"
    )


def test_replies_are_short() -> None:
    for catalog in (french.MESSAGES, english.MESSAGES):
        for key, text in catalog.items():
            assert text.count(". ") + text.count("? ") <= 2, key
            assert len(text) < 200, key


def test_render_joins_parts_and_emergency_numbers() -> None:
    reply = render([["emergency", {"numbers": ["15", "112"]}], ["raw", {"text": "x"}]], "fr", TZ)
    assert reply.startswith(
        "Cela ressemble à une urgence. Raccrochez et appelez tout de suite le 15 ou le 112."
    )
    assert reply.endswith(" x")
