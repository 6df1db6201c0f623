"""The natural suite: callers who talk the way real people do (issue 15), generated from phrase
banks per concept (dates, times, providers, corrections, reschedules, requests) in French and
English. ``python -m evals.suitegen.natural [DIR]`` writes it to ``evals/natural/``."""
