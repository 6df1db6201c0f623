"""The labelled caller-speech corpus of the urgency guardrail, as typed items.

Two files ship in ``data/corpus/``: ``corpus.yaml`` (the main set) and ``heldout.yaml`` (written
before the rules were tuned, in another style, and never used to tune them). Each groups texts
by class with a label (emergency, urgent, routine) and a one-line triage reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.understanding import UrgencyLevel

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
CORPUS_FILE = CORPUS_DIR / "corpus.yaml"
HELDOUT_FILE = CORPUS_DIR / "heldout.yaml"

Label = Literal["emergency", "urgent", "routine"]


class CorpusError(ValueError):
    """A corpus file is missing, not YAML, or not in the documented format."""


class CorpusItem(BaseModel):
    """One labelled caller utterance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1)
    language: Literal["fr", "en"]
    label: Label
    cls: str = Field(min_length=1, description="class, e.g. 'stroke', 'idiom', 'routine'")
    reason: str = Field(min_length=1, description="one-line triage reason (NHS 111 / SAMU)")

    @property
    def level(self) -> UrgencyLevel:
        """The expected level."""
        return UrgencyLevel(self.label)


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cls: str = Field(alias="class", min_length=1)
    label: Label
    reason: str = Field(min_length=1)
    texts: dict[Literal["fr", "en"], list[str | dict[str, str]]]


def _items(group: _Group) -> list[CorpusItem]:
    items: list[CorpusItem] = []
    for language, texts in group.texts.items():
        for entry in texts:
            text, reason = (
                (entry, group.reason)
                if isinstance(entry, str)
                else (entry.get("text", ""), entry.get("reason", group.reason))
            )
            items.append(
                CorpusItem(
                    text=text, language=language, label=group.label, cls=group.cls, reason=reason
                )
            )
    return items


def load_corpus(path: Path = CORPUS_FILE) -> list[CorpusItem]:
    """Read one corpus file (``corpus.yaml`` format) into items, in file order.

    Raises:
        CorpusError: the file cannot be read or is not in the documented format.
    """
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise CorpusError(f"{path}: expected a mapping with a 'groups' list")
    try:
        return [item for raw in data["groups"] for item in _items(_Group.model_validate(raw))]
    except ValidationError as exc:
        raise CorpusError(f"{path}: {exc}") from exc
