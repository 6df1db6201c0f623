"""``frontdesk chat``: placeholder until the conversation engine lands (replaced by its owner)."""

import typer


def chat() -> None:
    """Hold a conversation with the front desk in the terminal."""
    raise typer.Exit(1)
