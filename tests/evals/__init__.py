"""Tests for evals."""
