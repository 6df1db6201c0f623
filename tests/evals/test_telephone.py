"""Telephone-line conditions of voice evals: G.711 as the providers carry it, noise at an SNR."""

from __future__ import annotations

import numpy as np

from evals.telephone import PHONE_RATE, add_noise, mulaw_decode, mulaw_encode, phone_line, to_rate

# G.711 mu-law reference values (ITU-T G.711 table, 16-bit linear in, code out).
REFERENCE = {0: 0xFF, 32767: 0x80, -32768: 0x00, 1000: 0xCE, -1000: 0x4E, 100: 0xF2}


def test_mulaw_matches_the_g711_table() -> None:
    pcm = np.array(list(REFERENCE), dtype=np.int16).tobytes()
    assert list(mulaw_encode(pcm)) == list(REFERENCE.values())


def test_mulaw_round_trip_keeps_speech_within_quantisation_error() -> None:
    wave = (np.sin(np.arange(8000) / 8) * 12000).astype(np.int16)
    back = np.frombuffer(mulaw_decode(mulaw_encode(wave.tobytes())), dtype=np.int16)
    assert np.max(np.abs(back.astype(int) - wave)) < 12000 * 0.04


def test_noise_is_added_at_the_requested_snr() -> None:
    wave = (np.sin(np.arange(16000) / 5) * 8000).astype(np.int16)
    noisy = np.frombuffer(add_noise(wave.tobytes(), 10.0, seed=3), dtype=np.int16)
    noise = noisy.astype(float) - wave
    snr = 10 * np.log10(np.mean(wave.astype(float) ** 2) / np.mean(noise**2))
    assert abs(snr - 10.0) < 0.5


def test_a_phone_line_is_8_khz() -> None:
    second_at_22k = np.zeros(22050, dtype=np.int16).tobytes()
    assert len(phone_line(second_at_22k, 22050, snr_db=None)) == PHONE_RATE * 2
    assert len(to_rate(second_at_22k, 22050, 16000)) == 16000 * 2
