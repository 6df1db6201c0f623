"""The generator of the shipped suites (``python -m evals.suitegen``): templates of real
callers' lines x personas x languages, written out as plain YAML under ``evals/suites/``."""
