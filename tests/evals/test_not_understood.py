"""The report shows which agent turn did not understand, after which patient words."""

from __future__ import annotations

from evals.not_understood import is_not_understood, not_understood
from evals.results import RunResult, Turn
from evals.scoring import score


def run(sid: str, *lines: tuple[str, str, str | None]) -> RunResult:
    transcript = [Turn(role="agent", text="Hello, how can I help?", expecting="greeting")]
    transcript += [Turn(role=role, text=text, expecting=exp) for role, text, exp in lines]  # type: ignore[arg-type]
    return RunResult(
        scenario_id=sid, category="booking", language="en", passed=False, transcript=transcript
    )


def test_each_not_understood_reply_is_listed_with_the_words_before_it() -> None:
    a = run(
        "a",
        ("patient", "Any of them.", None),
        ("agent", "Sorry, I didn't catch that. Could you say it another way?", "slot_choice"),
        ("patient", "N'importe lequel.", None),
        ("agent", "Pardon, je n'ai pas bien compris. Pouvez-vous reformuler ?", "slot_choice"),
    )
    b = run("b", ("patient", "Tuesday.", None), ("agent", "I can offer 9:00.", "slot_choice"))
    found = not_understood([a, b])
    assert found.count == 2 and found.calls == 1
    assert [(m.scenario_id, m.after, m.expecting) for m in found.misses] == [
        ("a", "Any of them.", "greeting"),
        ("a", "N'importe lequel.", "slot_choice"),
    ]
    assert score([a, b]).not_understood.count == 2


def test_both_languages_and_the_second_wording_are_recognised() -> None:
    assert is_not_understood("I'm sorry, I still don't understand. I can also put you through.")
    assert is_not_understood("Je suis désolé, je ne comprends toujours pas.")
    assert not is_not_understood("I can offer Monday at 9:15.")
