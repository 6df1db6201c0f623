"""FHIR R4 scheduling layer: typed resources, the scheduling-backend protocol and its backends.

This package imports no other frontdesk package. Raw FHIR JSON, HTTP details and
OperationOutcomes stay inside it; callers see typed R4B resources and domain errors.
"""
