"""The ``frontdesk`` command line: the composition root that wires settings, backends, the
engine, benchmarks and evals together (so it may import every other package)."""
