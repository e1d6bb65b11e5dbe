"""Quantitative targets: extracted from the plans at build time, matched to queries at search time."""
