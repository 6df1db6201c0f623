"""Contract: free-slot search filters, order, limit, and what is never offered."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import FixedClock
from fhir_adapters.queries import PartOfDay, SlotQuery
from tests.fhir_adapters.contract.clinic import MONDAY, TZ, FixtureClinic
from tests.fhir_adapters.contract.test_booking import booking


def _local(views: list) -> list[tuple[int, time]]:
    """(days after Monday, local start time) of each slot found."""
    out = []
    for view in views:
        start = view.start.astimezone(TZ)
        out.append(((start.date() - MONDAY).days, start.time()))
    return out


async def test_slots_come_earliest_first_up_to_the_limit_never_in_the_past(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    views = await backend.find_slots(SlotQuery(practitioner_ids=(clinic.gp_id,), limit=3))

    assert _local(views) == [(0, time(9, 0)), (0, time(11, 0)), (0, time(14, 0))]
    view = views[0]
    assert view.practitioner is not None and view.practitioner.id == clinic.gp_id
    assert view.location is not None and view.location.id == clinic.location_id
    assert view.slot.status == "free"


async def test_slots_of_several_practitioners_are_merged_by_time(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    views = await backend.find_slots(SlotQuery(practitioner_ids=clinic.practitioner_ids, limit=4))

    assert _local(views) == [(0, time(9, 0))] * 2 + [(0, time(11, 0))] * 2
    assert {v.practitioner.id for v in views if v.practitioner} == set(clinic.practitioner_ids)


async def test_specialty_and_location_filter_the_practitioners(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    views = await backend.find_slots(
        SlotQuery(specialty="paediatrics", location_id=clinic.location_id, limit=50)
    )

    assert len(views) == 24  # 5 days x 5 slots, less Monday 07:30 (past)
    assert {v.practitioner.id for v in views if v.practitioner} == {clinic.paed_id}


async def test_service_type_keeps_only_slots_that_take_that_visit(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    views = await backend.find_slots(
        SlotQuery(practitioner_ids=clinic.practitioner_ids, service_type="vaccination", limit=50)
    )

    assert views and {v.practitioner.id for v in views if v.practitioner} == {clinic.paed_id}
    assert {v.service_type for v in views} == {"vaccination"}


async def test_part_of_day_is_practice_local_time(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    query = SlotQuery(practitioner_ids=(clinic.gp_id,), limit=50)
    mornings = await backend.find_slots(query.model_copy(update={"part_of_day": PartOfDay.MORNING}))
    afternoons = await backend.find_slots(
        query.model_copy(update={"part_of_day": PartOfDay.AFTERNOON})
    )
    evenings = await backend.find_slots(query.model_copy(update={"part_of_day": PartOfDay.EVENING}))

    assert {t for _, t in _local(mornings)} == {time(7, 30), time(9, 0), time(11, 0)}
    assert (0, time(7, 30)) not in _local(mornings)
    assert {t for _, t in _local(afternoons)} == {time(14, 0)}
    assert {t for _, t in _local(evenings)} == {time(18, 30)}


async def test_not_before_not_after_and_weekdays(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    views = await backend.find_slots(
        SlotQuery(
            practitioner_ids=(clinic.gp_id,),
            not_before=time(10, 0),
            not_after=time(18, 0),
            weekdays=(2, 4),
            limit=50,
        )
    )

    assert _local(views) == [
        (1, time(11, 0)),
        (1, time(14, 0)),
        (3, time(11, 0)),
        (3, time(14, 0)),
    ]


async def test_date_range_start_inclusive_end_exclusive(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    start = datetime.combine(MONDAY + timedelta(days=2), time(11, 0), TZ)
    end = datetime.combine(MONDAY + timedelta(days=3), time(9, 0), TZ)
    views = await backend.find_slots(
        SlotQuery(practitioner_ids=(clinic.gp_id,), start=start, end=end, limit=50)
    )

    assert _local(views) == [
        (2, time(11, 0)),
        (2, time(14, 0)),
        (2, time(18, 30)),
        (3, time(7, 30)),
    ]


async def test_slots_pass_into_the_past_as_the_clock_moves(
    backend: SchedulingBackend, clinic: FixtureClinic, clock: FixedClock
) -> None:
    clock.advance(timedelta(hours=3, minutes=30))  # Monday 11:30
    views = await backend.find_slots(SlotQuery(practitioner_ids=(clinic.gp_id,), limit=1))

    assert _local(views) == [(0, time(14, 0))]


async def test_booked_slots_are_not_offered(
    backend: SchedulingBackend, clinic: FixtureClinic
) -> None:
    await backend.book(booking(clinic.slot(clinic.gp_id, 0, time(9, 0)), clinic.alice_id))
    views = await backend.find_slots(SlotQuery(practitioner_ids=(clinic.gp_id,), limit=1))

    assert _local(views) == [(0, time(11, 0))]
