"""Tests for graphs."""
