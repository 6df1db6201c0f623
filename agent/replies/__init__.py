"""What the agent says, in French and English: short sentences that read well aloud.

Nodes queue ``[key, params]`` parts; ``render`` speaks them in the caller's language with
dates like "mardi 24 novembre à 10 h 30" / "Tuesday 24 November at 10:30".
"""

from agent.replies.dates import say_birth_date, say_day, say_time, say_when
from agent.replies.render import RAW, join_words, keys, message, render

__all__ = [
    "RAW",
    "join_words",
    "keys",
    "message",
    "render",
    "say_birth_date",
    "say_day",
    "say_time",
    "say_when",
]
