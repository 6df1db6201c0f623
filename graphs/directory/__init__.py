"""The conversation directory: one searchable list of every channel's conversations.

The engine keeps a ``ConversationSummary`` per conversation current after every turn and staff
action; the staff queue, the conversation log and the analytics read it. The transcript itself
stays in the checkpointed state (``Engine.transcript``).
"""

from graphs.directory.base import ConversationDirectory
from graphs.directory.models import (
    ConversationStatus,
    ConversationSummary,
    DirectoryCounts,
    Outcome,
    Urgency,
)
from graphs.directory.sqlite import SqliteDirectory, open_directory
from graphs.directory.summarize import summarize

__all__ = [
    "ConversationDirectory",
    "ConversationStatus",
    "ConversationSummary",
    "DirectoryCounts",
    "Outcome",
    "SqliteDirectory",
    "Urgency",
    "open_directory",
    "summarize",
]
