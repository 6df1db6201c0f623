"""Tests for agent/urgency."""
