"""Tests for agent/nlu."""
