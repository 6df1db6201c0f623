"""The domain of the front desk: settings, clinic configuration, urgency rules, natural-language
understanding for the embedded brain, the brains, typed tools over the scheduling backend, and
the replies the agent speaks. Imports only ``fhir_adapters`` from the project."""
