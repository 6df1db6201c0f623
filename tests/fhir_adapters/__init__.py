"""Tests for fhir_adapters."""
