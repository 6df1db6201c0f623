"""Tests for api/cli."""
