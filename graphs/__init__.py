"""The LangGraph state machine of a call: guardrails, triage, identification, slot search,
confirmation, writes, staff requests and handoff; plus the one async turn API every channel
(terminal, web, voice, evals) uses."""
