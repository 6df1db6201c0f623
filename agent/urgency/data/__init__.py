"""Rule files of the urgency guardrail (YAML), shipped as package data."""
