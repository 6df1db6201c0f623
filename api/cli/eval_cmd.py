"""``frontdesk eval``: placeholder until the evals suite lands (replaced by its owner)."""

import typer


def eval_command() -> None:
    """Replay synthetic patient calls and score them."""
    raise typer.Exit(1)
