"""A representative subset keeps the first variants of every conversation and language."""

from __future__ import annotations

from pathlib import Path

from evals.loader import load_paths
from evals.sampling import family, first_variants


def test_family_and_variant_of_an_id() -> None:
    assert family("book-asap-cough-en-2") == ("book-asap-cough-en", 2)
    assert family("faq-parking") == ("faq-parking", 1)


def test_one_variant_per_conversation_covers_every_conversation() -> None:
    scenarios = load_paths([Path("evals/suites/booking.yaml")]).scenarios
    kept = first_variants(scenarios, 1)
    families = {family(s.id)[0] for s in scenarios}
    assert {family(s.id)[0] for s in kept} == families
    assert len(kept) == len(families) < len(scenarios)
    assert all(family(s.id)[1] == 1 for s in kept if family(s.id)[0] + "-1" == s.id)
    # Suite order is kept, so reports read like the suite.
    order = [s.id for s in scenarios]
    assert [s.id for s in kept] == sorted((s.id for s in kept), key=order.index)
    assert len(first_variants(scenarios, 2)) > len(kept)
