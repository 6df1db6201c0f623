"""Settings: the one reader of the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.settings import Settings


def test_defaults_run_on_the_embedded_store_with_the_rule_brain() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.brain == "rules"
    assert settings.fhir_base_url is None
    assert settings.resolved_store_path == Path("var/frontdesk.sqlite")
    assert settings.checkpoint_path == Path("var/checkpoints.sqlite")


def test_prefixed_variables_configure_the_ehr_and_brain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_FHIR_BASE_URL", "https://ehr.example/fhir")
    monkeypatch.setenv("FRONTDESK_BRAIN", "openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.fhir_base_url == "https://ehr.example/fhir"
    assert settings.brain == "openai"
    assert settings.openai_api_key is not None
    assert "sk-test" not in repr(settings)


def test_the_tests_fhir_base_url_does_not_move_the_app_to_a_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FHIR_BASE_URL", "http://127.0.0.1:1/fhir")
    assert Settings(_env_file=None).fhir_base_url is None  # type: ignore[call-arg]


def test_a_bad_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_BRAIN", "gpt")
    with pytest.raises(ValueError, match="brain"):
        Settings(_env_file=None)  # type: ignore[call-arg]
