"""Tests for agent/brains."""
