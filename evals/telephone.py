"""Telephone-line conditions for voice evals: 8 kHz, G.711 mu-law, background noise at an SNR.

Pure numpy, bit-compatible with G.711 (what Twilio and Telnyx media streams carry), so the same
codec serves the eval channel and the stand-in telephony client of the tests.
"""

from __future__ import annotations

import numpy as np

PHONE_RATE = 8000
_BIAS = 0x84
_CLIP14 = 8159
_SEGMENT_ENDS = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF])


def to_rate(pcm16: bytes, rate_in: int, rate_out: int) -> bytes:
    """16-bit mono PCM from ``rate_in`` to ``rate_out`` (linear interpolation)."""
    samples = np.frombuffer(pcm16, dtype=np.int16).astype(np.float64)
    if rate_in == rate_out or samples.size == 0:
        return pcm16
    times = np.arange(round(samples.size * rate_out / rate_in)) * (rate_in / rate_out)
    out = np.interp(times, np.arange(samples.size), samples)
    return np.clip(np.round(out), -32768, 32767).astype(np.int16).tobytes()


def mulaw_encode(pcm16: bytes) -> bytes:
    """G.711 mu-law bytes of 16-bit PCM (the 14-bit reference algorithm, as CPython's audioop)."""
    s14 = np.frombuffer(pcm16, dtype=np.int16).astype(np.int32) >> 2
    sign = np.where(s14 < 0, 0x00, 0x80)
    magnitude = np.minimum(np.abs(s14), _CLIP14) + (_BIAS >> 2)
    found = np.searchsorted(_SEGMENT_ENDS, magnitude)
    segment = np.minimum(found, 7)
    # Past the last segment: the loudest code of the sign.
    mantissa = np.where(found > 7, 0x0F, (magnitude >> (segment + 1)) & 0x0F)
    encoded = ((segment << 4) | mantissa) ^ 0x7F
    return (encoded | sign).astype(np.uint8).tobytes()


def mulaw_decode(ulaw: bytes) -> bytes:
    """16-bit PCM of G.711 mu-law bytes."""
    u = ~np.frombuffer(ulaw, dtype=np.uint8).astype(np.int32) & 0xFF
    exponent = (u >> 4) & 0x07
    magnitude = (((u & 0x0F) << 3) + _BIAS) << exponent
    sample = np.where(u & 0x80, _BIAS - magnitude, magnitude - _BIAS)
    return sample.astype(np.int16).tobytes()


def add_noise(pcm16: bytes, snr_db: float, seed: int) -> bytes:
    """Add pink-ish background noise at ``snr_db`` relative to the speech's power."""
    speech = np.frombuffer(pcm16, dtype=np.int16).astype(np.float64)
    if speech.size == 0:
        return pcm16
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(speech.size)
    # A one-pole low-pass makes the hiss sound like a room or a street, not a pure tone.
    noise = np.empty_like(white)
    level = 0.0
    for i, value in enumerate(white):
        level = 0.95 * level + value
        noise[i] = level
    power = np.mean(speech**2) or 1.0
    noise *= np.sqrt(power / (10 ** (snr_db / 10)) / (np.mean(noise**2) or 1.0))
    return np.clip(np.round(speech + noise), -32768, 32767).astype(np.int16).tobytes()


def phone_line(pcm16: bytes, rate: int, *, snr_db: float | None, seed: int = 0) -> bytes:
    """Speech as it arrives from a phone call: 8 kHz, noise, through mu-law and back."""
    narrow = to_rate(pcm16, rate, PHONE_RATE)
    if snr_db is not None:
        narrow = add_noise(narrow, snr_db, seed)
    return mulaw_decode(mulaw_encode(narrow))
