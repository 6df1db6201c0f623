"""The conversation's transcript as typed entries: who said what, and when.

The checkpointed state keeps ``transcript`` as ``[role, text]`` pairs (what nodes and brains
read) and ``transcript_at`` as ISO times at the same positions; conversations saved before
times were kept simply have none for their early lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

Role = Literal["patient", "agent", "staff"]


class TranscriptEntry(BaseModel):
    """One line of a conversation."""

    seq: int = Field(..., description="0-based position in the conversation's transcript")
    role: Role
    text: str
    at: datetime | None = Field(None, description="when it was said (None for old lines)")


def entries(values: Mapping[str, Any], start: int = 0) -> list[TranscriptEntry]:
    """The transcript of a saved state from position ``start`` on."""
    lines = values.get("transcript") or []
    times = values.get("transcript_at") or []
    out = []
    for seq in range(start, len(lines)):
        role, text = lines[seq][0], lines[seq][1]
        at = times[seq] if seq < len(times) else None
        out.append(
            TranscriptEntry(
                seq=seq,
                role=role if role in ("patient", "agent", "staff") else "agent",
                text=text,
                at=datetime.fromisoformat(at) if at else None,
            )
        )
    return out


def stamped(values: Mapping[str, Any], lines: list[tuple[str, str]], at: datetime) -> dict:
    """The ``transcript`` / ``transcript_at`` update appending ``lines`` said at ``at``."""
    transcript = [*(values.get("transcript") or []), *([r, t] for r, t in lines)]
    return {"transcript": transcript, "transcript_at": times(values, len(lines), at)}


def times(values: Mapping[str, Any], added: int, at: datetime) -> list[str | None]:
    """``transcript_at`` for ``added`` new lines said at ``at``, aligned with the transcript."""
    known = len(values.get("transcript") or [])
    previous: list[str | None] = list(values.get("transcript_at") or [])[:known]
    previous += [None] * (known - len(previous))
    return [*previous, *([at.isoformat()] * added)]
