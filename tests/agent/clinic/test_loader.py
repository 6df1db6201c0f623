"""load_clinic: the demo file loads, and every kind of mistake names its file and line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.clinic import DEMO_CLINIC_FILE, ClinicConfigError, load_clinic, parse_clinic
from agent.settings import Settings

DEMO = DEMO_CLINIC_FILE.read_text(encoding="utf-8")

UK_PRACTICE = """\
name: Elm Street Surgery
address: 1 Elm Street, Leeds LS1 1AA
phone: "+44 113 496 0000"
time_zone: Europe/London
languages: [en]
opening_hours: {monday: ["08:00-12:30", "13:30-18:30"], saturday: []}
emergency_numbers: {emergency: 999, non_emergency: "111"}
knowledge_base:
  parking: {en: There is free parking behind the surgery.}
"""


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _error(text: str, tmp_path: Path) -> ClinicConfigError:
    path = tmp_path / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClinicConfigError) as caught:
        load_clinic(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_the_default_settings_point_at_a_valid_demo_file() -> None:
    clinic = load_clinic(Settings().clinic_file)
    assert clinic.name == "Maison de santé des Tilleuls"
    assert clinic.time_zone == "Europe/Paris"
    assert clinic.default_language == "fr"
    assert clinic.phone == "+33199001234"
    assert list(clinic.emergency_numbers.values()) == ["15", "112", "3114"]
    assert clinic.answer("parking", "en") and clinic.answer("parking", "fr")
    assert clinic.callback_promise("prescription-renewal", "fr")
    assert "check-up" in clinic.routing.human_only_service_types
    monday_9am = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    sunday_9am = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert clinic.is_open(monday_9am) and not clinic.is_open(sunday_9am)


def test_every_knowledge_topic_is_answered_in_both_languages() -> None:
    from agent.clinic.vocabulary import KNOWLEDGE_TOPICS, TASK_CODES

    clinic = load_clinic(DEMO_CLINIC_FILE)
    for topic in KNOWLEDGE_TOPICS:
        for language in ("fr", "en"):
            answer = clinic.answer(topic, language)
            assert answer and len(answer) < 300, (topic, language)
    assert set(clinic.callbacks) == set(TASK_CODES)


def test_a_uk_practice_with_999_in_english_only() -> None:
    clinic = parse_clinic(UK_PRACTICE)
    assert clinic.emergency_numbers == {"emergency": "999", "non_emergency": "111"}
    assert clinic.languages == ["en"]
    assert clinic.opening_hours.intervals("monday")[1][0].hour == 13
    assert clinic.answer("parking", "fr") is None


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = DEMO.replace("languages: [fr, en]", "languages: [fr, en")
    error = _error(text, tmp_path)
    assert error.line >= _line_of(text, "languages: [fr, en")
    assert "YAML syntax" in str(error)
    assert f"started on line {_line_of(text, 'languages:')}" in str(error)


def test_wrong_type_names_the_line_and_field(tmp_path: Path) -> None:
    text = DEMO.replace("registration_allowed: true", "registration_allowed: maybe")
    error = _error(text, tmp_path)
    assert error.line == _line_of(text, "registration_allowed")
    assert "routing.new_patients.registration_allowed" in str(error)
    assert "boolean" in str(error) and "'maybe'" in str(error)


def test_unknown_key_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = DEMO.replace("time_zone: Europe/Paris", "time_zone: Europe/Paris\ntimezone: UTC")
    error = _error(text, tmp_path)
    assert error.line == _line_of(text, "timezone: UTC")
    assert "timezone: unknown key" in str(error)


def test_unknown_nested_key_and_misspelt_topic(tmp_path: Path) -> None:
    text = DEMO.replace("  parking:\n", "  parkings:\n").replace("  seed: 42", "  sead: 42")
    error = _error(text, tmp_path)
    assert [(p.line, p.field) for p in error.problems] == [
        (_line_of(text, "parkings:"), "knowledge_base.parkings"),
        (_line_of(text, "sead: 42"), "demo.sead"),
    ]


def test_bad_time_zone(tmp_path: Path) -> None:
    text = DEMO.replace("time_zone: Europe/Paris", "time_zone: Europe/Pariss")
    error = _error(text, tmp_path)
    assert error.line == _line_of(text, "time_zone:")
    assert "'Europe/Pariss' is not a known time zone" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        ("languages: [fr, en]", "languages: [fr, de]", "languages:", "'de' is not one of"),
        ('"08:00-12:00"', '"12:00-08:00"', "saturday:", "ends before it starts"),
        ('samu: "15"', "samu: 1x5", "samu:", "is not a phone number"),
        ('phone: "+33 1 99 00 12 34"', "phone: call us", "phone: call", "international format"),
        ("[dermatology, gynaecology]", "[dermatologie]", "first_visits_to_human", "dermatologie"),
        ("[check-up]", "[consultation]", "human_only", "both bookable and human-only"),
        ("  weeks: 4", "  weeks: 0", "weeks:", "greater than or equal to 1"),
    ],
)
def test_invalid_values_name_their_line(
    tmp_path: Path, old: str, new: str, needle: str, expected: str
) -> None:
    assert old in DEMO
    text = DEMO.replace(old, new, 1)
    error = _error(text, tmp_path)
    assert error.line == _line_of(text, needle), str(error)
    assert expected in str(error)


def test_missing_translation_is_reported_at_its_entry(tmp_path: Path) -> None:
    text = DEMO.replace("    en: A member of our staff will call you back today.\n", "")
    error = _error(text, tmp_path)
    assert error.line == _line_of(text, "  callback:")
    assert "callbacks.callback: no text in en" in str(error)


def test_duplicate_keys_are_not_silently_collapsed(tmp_path: Path) -> None:
    text = DEMO.replace("  billing:\n", "  results:\n")
    error = _error(text, tmp_path)
    first = _line_of(text, "  results:")
    assert f"duplicate key (first set on line {first})" in str(error)
    assert error.line > first


def test_missing_required_fields_and_non_mappings(tmp_path: Path) -> None:
    error = _error("name: x\n", tmp_path)
    assert {p.field for p in error.problems} >= {"address", "time_zone", "languages"}
    assert "expected a mapping" in str(_error("- a\n- b\n", tmp_path))
    assert "expected a mapping" in str(_error("", tmp_path))


def test_a_missing_file_is_a_clinic_config_error(tmp_path: Path) -> None:
    with pytest.raises(ClinicConfigError, match="cannot read the file"):
        load_clinic(tmp_path / "absent.yaml")


def test_built_in_code_the_model_still_requires_every_language() -> None:
    import yaml
    from pydantic import ValidationError

    from agent.clinic import ClinicConfig

    data = yaml.safe_load(UK_PRACTICE)
    data["languages"] = ["en", "fr"]
    with pytest.raises(ValidationError, match=r"knowledge_base.parking has no text in fr"):
        ClinicConfig.model_validate(data)
