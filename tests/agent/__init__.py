"""Tests for agent."""
