"""Tests for fhir_adapters/rest."""
