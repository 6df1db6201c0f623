"""Outbound messages: confirmations, reminders, recalls and the waitlist.

The package reaches patients first with the same safety rules as a call: messages carry no
clinical detail, every message sent is recorded in the EHR as a FHIR Communication (which
also makes sending idempotent per message key), opt-outs and quiet hours are honoured, and a
patient's yes to a waitlist offer books through the backend's ordinary guarded booking.

Modules: ``messages`` (what is sent), ``texts`` (French/English wording), ``providers``
(Twilio, SMTP, console), ``contacts`` (addresses, language, opt-out), ``quiet`` (quiet
hours), ``records`` (Communication <-> message), ``sender`` (exactly-once delivery),
``jobs`` (the queue interface the workers implement), ``service`` (events -> jobs -> messages),
``reminders``, ``waitlist``, ``recalls``, ``inbox`` (patients' replies) and ``status``
(what the staff console reads).
"""
