"""The evaluation harness: gold queries and targets written from the plans, scored per mode."""
