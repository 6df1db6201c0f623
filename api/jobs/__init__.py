"""Scheduled and queued work: the job queues (embedded SQLite, Postgres via procrastinate),
the worker that runs outreach jobs, and the wiring used by ``serve`` and ``jobs worker``.
"""
