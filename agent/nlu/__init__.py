"""Deterministic natural-language understanding (French and English) for the embedded brain.

Each module reads one kind of thing out of a normalised utterance (``normalize.Utterance``):
intent, yes/no, option choice, time preferences, people, phones, practitioners, topics,
prompt-injection attempts. ``agent.brains.rules.RulesBrain`` assembles them into an
``Understanding``. Everything here is pure, offline and fast (a few milliseconds a turn).
"""
