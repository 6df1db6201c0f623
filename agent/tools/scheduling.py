"""The toolkit: typed read and write tools over a ``SchedulingBackend``.

Reads run freely. Writes touch only the identified patient's records and only slots and
appointments that a read tool returned in this conversation (``ToolScope.seen_ids``). Every
tool returns its result model or a ``ToolError``; none raises.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agent.outreach.entries import entry_key, waitlist_entry
from agent.phonetics import sounds_the_same
from agent.tools.base import ToolError, ToolKind, ToolScope, require_patient, require_seen, tool
from agent.tools.models import (
    AppointmentInfo,
    AppointmentList,
    BookArgs,
    CancelArgs,
    FindPatientArgs,
    FindPractitionersArgs,
    FindSlotsArgs,
    JoinWaitlistArgs,
    ListAppointmentsArgs,
    PatientMatches,
    PractitionerList,
    RegisteredPatient,
    RegisterPatientArgs,
    RescheduleArgs,
    SlotList,
    StaffTaskArgs,
    TaskInfo,
    TaskPriorityArgs,
    WaitlistInfo,
)
from agent.tools.views import appointment_info, patient_info, practitioner_info, slot_option
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock
from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.matching import fold, sounds_like
from fhir_adapters.queries import Actor, BookingRequest, PartOfDay, PatientQuery, SlotQuery
from fhir_adapters.resources import (
    Appointment,
    CodeableConcept,
    Coding,
    ContactPoint,
    HumanName,
    Identifier,
    Patient,
    Practitioner,
    Task,
    ref,
    ref_id,
)
from fhir_adapters.task_status import OPEN_TASK_STATUSES, TASK_PRIORITIES

TASK_SYSTEM = "https://frontdesk.dev/task"
CONVERSATION_SYSTEM = "https://frontdesk.dev/conversation"
_PAST_STATUSES = ("booked", "arrived", "checked-in", "fulfilled")


class SchedulingTools:
    """Read and write tools of the front desk over one practice's scheduling backend.

    Args:
        backend: the practice's scheduling backend.
        clock: the injected clock ("now" for past/upcoming and task dates).
        tz: the practice's IANA time zone; dates and times of day are read in it.
    """

    def __init__(self, backend: SchedulingBackend, *, clock: Clock, tz: str) -> None:
        self.backend = backend
        self.clock = clock
        self.tz = tz
        self._zone = ZoneInfo(tz)

    @classmethod
    def specs(cls) -> dict[str, ToolKind]:
        """Every tool's name and kind ("read" or "write")."""
        return {
            name: kind
            for name in dir(cls)
            if (kind := getattr(getattr(cls, name), "tool_kind", None)) is not None
        }

    def _actor(self, scope: ToolScope) -> Actor:
        return Actor(name="frontdesk-agent", conversation_id=scope.conversation_id)

    def _day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=self._zone)

    # ---- reads ---------------------------------------------------------------------------

    @tool("read")
    async def find_practitioners(
        self, args: FindPractitionersArgs, scope: ToolScope
    ) -> PractitionerList | ToolError:
        """Practitioners of the practice by name and/or specialty code, best match first."""
        matches = await self.backend.find_practitioners(
            args.name, specialty=args.specialty, limit=args.limit
        )
        return PractitionerList(items=[practitioner_info(m) for m in matches])

    @tool("read")
    async def find_slots(self, args: FindSlotsArgs, scope: ToolScope) -> SlotList | ToolError:
        """Free slots matching the arguments, earliest first, at most ``limit``.

        Dates and times of day are practice-local. Declined slots (``exclude_slot_ids``) are
        skipped so "none of those" never offers them again.
        """
        start = self.clock.now()
        if args.after is not None:
            start = max(start, args.after + timedelta(seconds=1))
        if args.earliest_date is not None:
            start = max(start, self._day_start(args.earliest_date))
        end = None
        if args.latest_date is not None:
            end = self._day_start(args.latest_date + timedelta(days=1))
        if args.before is not None:
            end = min(end, args.before) if end else args.before
        if end is not None and end <= start:
            return SlotList()
        excluded = set(args.exclude_slot_ids)
        query = SlotQuery(
            practitioner_ids=tuple(args.practitioner_ids),
            specialty=args.specialty,
            service_type=args.service_type,
            start=start,
            end=end,
            part_of_day=PartOfDay(args.part_of_day) if args.part_of_day else None,
            not_before=args.not_before,
            not_after=args.not_after,
            weekdays=tuple(args.weekdays),
            limit=min(500, args.limit + len(excluded)),
        )
        views = await self.backend.find_slots(query)
        options = [slot_option(v, self.tz) for v in views if v.slot_id not in excluded]
        return SlotList(items=options[: args.limit])

    @tool("read")
    async def find_patient(
        self, args: FindPatientArgs, scope: ToolScope
    ) -> PatientMatches | ToolError:
        """Patients whose name and birth date match; the phone narrows homonyms.

        When no name matches, a record whose birth date and phone both match exactly and whose
        name is the only one close to the name said is the caller: speech recognition and typos
        mangle names ("Perrein" for Perrin), never all three of name, birth date and phone.
        """
        query = PatientQuery(family=args.family, given=args.given, birth_date=args.birth_date)
        found = await self.backend.find_patients(query)
        if not found and args.birth_date and args.phone:
            said = f"{args.given or ''} {args.family}"
            found = await self._misheard(said, args.birth_date, args.phone)
        if not found and args.birth_date and args.given and args.by_sound:
            found = await self._heard(args.given, args.family, args.birth_date)
        if len(found) > 1 and args.phone:
            narrowed = await self.backend.find_patients(
                query.model_copy(update={"phone": args.phone})
            )
            found = narrowed or found
        return PatientMatches(items=[patient_info(p) for p in found])

    async def _misheard(self, said: str, birth_date: date, phone: str) -> list[Patient]:
        """The one record born that day on that phone whose name is close to ``said``."""
        query = PatientQuery(birth_date=birth_date, phone=phone)
        try:
            born = await self.backend.find_patients(query)
        except InvalidRequestError:
            return []  # caller id "Anonymous": the fallback needs a real phone, nothing more
        close = sounds_like(said, born)
        return [close] if close is not None else []

    async def _heard(self, given: str, family: str, birth_date: date) -> list[Patient]:
        """The one record born that day whose given and family names each sound like the ones
        heard: a recogniser spells a name it does not know as it hears it ("Ebert" for Hébert,
        "d'Uma" for Dumas, "Agrien" for Adrien), and the same birth date and names that sound
        the same are the same person. Never by sound alone: the birth date is exact, and a name
        that sounds like two of that day's records finds neither."""
        born = await self.backend.find_patients(PatientQuery(birth_date=birth_date))
        said_given, said_family = fold(given), fold(family)
        close = [
            p
            for p in born
            if any(
                n.family
                and sounds_the_same(said_family, fold(n.family))
                and any(sounds_the_same(said_given, fold(g)) for g in n.given or [] if g)
                for n in p.name or []
            )
        ]
        return close if len(close) == 1 else []

    @tool("read")
    async def list_appointments(
        self, args: ListAppointmentsArgs, scope: ToolScope
    ) -> AppointmentList | ToolError:
        """The identified patient's booked appointments (upcoming, past or all), earliest first."""
        if (error := require_patient(scope)) is not None:
            return error
        views = await self.backend.list_appointments(
            patient_id=scope.patient_id,
            statuses=("booked",) if args.when == "upcoming" else _PAST_STATUSES,
            upcoming_only=args.when == "upcoming",
            limit=100,
        )
        now = self.clock.now()
        if args.when == "past":
            views = [v for v in views if v.start < now]
        items = [appointment_info(v, self.tz) for v in views]
        # The most recent past visits matter ("same doctor as last time"); the nearest upcoming.
        kept = items[-args.limit :] if args.when == "past" else items[: args.limit]
        return AppointmentList(items=kept)

    # ---- writes --------------------------------------------------------------------------

    @tool("write")
    async def register_patient(
        self, args: RegisterPatientArgs, scope: ToolScope
    ) -> RegisteredPatient | ToolError:
        """Register a new patient whose details the caller confirmed.

        Idempotent: when a record with the same name and birth date exists, it is returned
        (``created`` False) instead of creating a duplicate.
        """
        query = PatientQuery(family=args.family, given=args.given, birth_date=args.birth_date)
        existing = await self.backend.find_patients(query)
        if existing:
            return RegisteredPatient(patient=patient_info(existing[0]), created=False)
        patient = Patient(
            active=True,
            name=[HumanName(use="official", family=args.family, given=[args.given])],
            birthDate=args.birth_date,
            telecom=[ContactPoint(system="phone", value=args.phone, use="mobile")]
            if args.phone
            else None,
        )
        created = await self.backend.create_patient(patient, actor=self._actor(scope))
        return RegisteredPatient(patient=patient_info(created), created=True)

    @tool("write")
    async def book_appointment(
        self, args: BookArgs, scope: ToolScope
    ) -> AppointmentInfo | ToolError:
        """Book a slot (returned by ``find_slots`` in this conversation) for the patient.

        Safe to retry with the same ``idempotency_key``: the first appointment comes back.
        """
        if error := require_patient(scope) or require_seen(scope, f"Slot/{args.slot_id}"):
            return error
        assert scope.patient_id is not None
        appointment = await self.backend.book(
            BookingRequest(
                slot_id=args.slot_id,
                patient_id=scope.patient_id,
                idempotency_key=args.idempotency_key,
                service_type=args.service_type,
                reason=args.reason,
                actor=self._actor(scope),
            )
        )
        return self._info(appointment)

    @tool("write")
    async def cancel_appointment(
        self, args: CancelArgs, scope: ToolScope
    ) -> AppointmentInfo | ToolError:
        """Cancel one of the patient's appointments (listed in this conversation)."""
        reference = f"Appointment/{args.appointment_id}"
        if error := require_patient(scope) or require_seen(scope, reference):
            return error
        appointment = await self.backend.cancel(
            args.appointment_id,
            patient_id=scope.patient_id,
            reason=args.reason,
            actor=self._actor(scope),
        )
        return self._info(appointment)

    @tool("write")
    async def reschedule_appointment(
        self, args: RescheduleArgs, scope: ToolScope
    ) -> AppointmentInfo | ToolError:
        """Move one of the patient's appointments to a new slot, both found in this conversation.

        The new slot is booked and the old appointment cancelled together, or neither.
        """
        seen = require_seen(scope, f"Appointment/{args.appointment_id}", f"Slot/{args.slot_id}")
        if error := require_patient(scope) or seen:
            return error
        assert scope.patient_id is not None
        appointment = await self.backend.reschedule(
            args.appointment_id,
            BookingRequest(
                slot_id=args.slot_id,
                patient_id=scope.patient_id,
                idempotency_key=args.idempotency_key,
                actor=self._actor(scope),
            ),
        )
        return self._info(appointment)

    @tool("write")
    async def create_staff_task(
        self, args: StaffTaskArgs, scope: ToolScope
    ) -> TaskInfo | ToolError:
        """Queue a request for the staff (handoff, renewal, billing, results, callback).

        The task concerns the identified patient when there is one, never another.
        """
        task = Task(
            status="requested",
            intent="order",
            priority=args.priority,
            code=CodeableConcept(coding=[Coding(system=TASK_SYSTEM, code=args.code)]),
            description=args.description,
            for_fhir=ref("Patient", scope.patient_id) if scope.patient_id else None,
            authoredOn=self.clock.now(),
            identifier=[Identifier(system=CONVERSATION_SYSTEM, value=scope.conversation_id)],
            reasonCode=CodeableConcept(text=args.reason) if args.reason else None,
            note=[{"text": args.note}] if args.note else None,
        )
        created = await self.backend.create_task(task, actor=self._actor(scope))
        return TaskInfo(task_id=str(created.id), code=args.code, priority=args.priority)

    @tool("write")
    async def raise_task_priority(
        self, args: TaskPriorityArgs, scope: ToolScope
    ) -> TaskInfo | ToolError:
        """Raise the priority of a staff request queued in this call, e.g. to "stat" when the
        call turns out to be an emergency while the caller waits; ``note`` tells staff why.

        A priority only goes up (routine < urgent < asap < stat): asking for a lower or equal
        one changes nothing. The request keeps its status; one of another call is refused.
        """
        task = await self.backend.get(Task, args.task_id)
        if not _made_in(task, scope.conversation_id):
            return ToolError(
                code="unseen_id", message="Only staff requests made in this call can be changed."
            )
        if str(task.status) not in OPEN_TASK_STATUSES:
            # A closed request leaves the staff queue: raising it would alert nobody.
            return ToolError(
                code="invalid_state",
                message="The staff already closed this request; queue a new one if needed.",
            )
        current = str(task.priority or "routine")  # FHIR: no priority means routine
        info = TaskInfo.model_validate(
            {"task_id": args.task_id, "code": _task_code(task), "priority": current}
        )
        if TASK_PRIORITIES.index(args.priority) <= TASK_PRIORITIES.index(current):
            return info
        await self.backend.update_task(
            args.task_id,
            status=str(task.status),
            priority=args.priority,
            note=args.note,
            actor=self._actor(scope),
        )
        return info.model_copy(update={"priority": args.priority})

    @tool("write")
    async def join_waitlist(
        self, args: JoinWaitlistArgs, scope: ToolScope
    ) -> WaitlistInfo | ToolError:
        """Put the patient on the waiting list (a freed slot that fits is offered by message).

        Safe to retry with the same ``idempotency_key``: the first entry comes back.
        """
        if error := require_patient(scope):
            return error
        assert scope.patient_id is not None
        if args.practitioner_id:  # raises ResourceNotFoundError for an id nobody has
            await self.backend.get(Practitioner, args.practitioner_id)
        waiting = await self.backend.list_appointments(
            patient_id=scope.patient_id, statuses=["waitlist"], limit=100
        )
        entry = next(
            (v.appointment for v in waiting if entry_key(v.appointment) == args.idempotency_key),
            None,
        )
        if entry is None:
            draft = waitlist_entry(
                scope.patient_id,
                now=self.clock.now(),
                practitioner_id=args.practitioner_id,
                service_type=args.service_type,
                start=args.start,
                end=args.end,
                key=args.idempotency_key,
            )
            entry = await self.backend.add_to_waitlist(draft, actor=self._actor(scope))
        return WaitlistInfo(
            entry_id=str(entry.id),
            practitioner_id=args.practitioner_id,
            start=args.start,
            end=args.end,
        )

    def _info(self, appointment: Appointment) -> AppointmentInfo:
        practitioner_id = next(
            (
                rid
                for p in appointment.participant or []
                if (rid := ref_id(p.actor, "Practitioner")) is not None
            ),
            None,
        )
        start = appointment.start
        assert isinstance(start, datetime)
        return AppointmentInfo(
            appointment_id=str(appointment.id),
            status=str(appointment.status),
            start=start.astimezone(self._zone),
            slot_id=ref_id(appointment.slot[0], "Slot") if appointment.slot else None,
            practitioner_id=practitioner_id,
        )


def _made_in(task: Task, conversation_id: str) -> bool:
    """Whether ``task`` was queued by the conversation ``conversation_id``."""
    return any(
        i.system == CONVERSATION_SYSTEM and i.value == conversation_id
        for i in task.identifier or []
    )


def _task_code(task: Task) -> str | None:
    """The frontdesk code (``TASK_SYSTEM``) of a staff Task, if any."""
    codings = task.code.coding if task.code and task.code.coding else []
    return next((str(c.code) for c in codings if c.system == TASK_SYSTEM), None)
