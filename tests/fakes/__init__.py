"""Tests for fakes."""
