"""Tests for fhir_adapters/embedded."""
