"""Voice: phone calls and web voice on Pipecat, one pipeline per call over the shared Engine.

``offline`` holds the offline speech models (Whisper base, Piper, espeak-ng), ``pipeline``
assembles a call's pipeline, ``processor`` is the thin bridge to ``graphs.engine.Engine``,
``telephony``/``webrtc``/``daily`` are the transports and ``routes`` mounts them on the app.
"""
