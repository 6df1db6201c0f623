"""Tests for fhir_adapters/contract."""
