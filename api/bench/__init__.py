"""Benchmark workloads behind `frontdesk bench ...`; each returns a JSON-able dict."""
