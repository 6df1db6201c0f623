"""``frontdesk seed``: placeholder until the demo clinic lands (replaced by its owner)."""

import typer


def seed() -> None:
    """Create the demo clinic in the configured store."""
    raise typer.Exit(1)
