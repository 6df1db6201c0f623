"""Tests for agent/clinic."""
