"""What differs between FHIR servers, declared per vendor rather than scattered in ``if``s.

A profile never claims more than the vendor documents; anything the CapabilityStatement can
tell (transactions, $find/$hold/$book) is read from ``/metadata`` unless the profile pins it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VendorProfile:
    """Declarative differences of one EHR's FHIR R4 API."""

    name: str
    transactions: bool | None = None
    """Use transaction bundles; None = as the CapabilityStatement says."""
    scheduling_operations: bool = True
    """Use Appointment/$find, $hold, $book when the CapabilityStatement advertises them."""
    server_books_slot: bool = False
    """Creating an Appointment that references a free Slot marks it busy (Oracle Health)."""
    update_method: str = "PUT"
    """How status changes are written: full PUT, or JSON PATCH of the status (Oracle Health)."""
    if_match_required: bool = False
    """Writes without If-Match are refused (412); 409 = version conflict, 423 = locked."""
    slot_search_params: tuple[str, ...] = ("specialty", "service-type")
    """Slot search parameters the server accepts besides status/start/schedule."""
    max_count: int = 100
    """Largest ``_count`` worth asking for."""


PROFILES: dict[str, VendorProfile] = {
    "generic": VendorProfile(name="generic"),
    "hapi": VendorProfile(name="hapi", max_count=200),
    "medplum": VendorProfile(name="medplum", max_count=1000),
    # Epic: no transactions for scheduling; $find/$book where the site enables them.
    "epic": VendorProfile(
        name="epic",
        transactions=False,
        slot_search_params=(),
        max_count=50,
    ),
    # Oracle Health (Cerner) Millennium R4: an Appointment referencing a free Slot books it;
    # status changes are JSON PATCHes that must carry If-Match.
    "oracle": VendorProfile(
        name="oracle",
        transactions=False,
        server_books_slot=True,
        update_method="PATCH",
        if_match_required=True,
        slot_search_params=("service-type",),
        max_count=100,
    ),
}


def vendor_profile(name: str | VendorProfile) -> VendorProfile:
    """Return the profile called ``name`` (generic, hapi, medplum, epic, oracle), or ``name``
    itself when it already is a profile (a site with its own quirks)."""
    if isinstance(name, VendorProfile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown FHIR vendor {name!r}; expected one of {known}") from None
