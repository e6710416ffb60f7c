"""Payments: planned from decided lines, paid on the pay day, sent to the bank as a pain.001 file."""
