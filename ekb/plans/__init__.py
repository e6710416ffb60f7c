"""The individual plan (genomförandeplan) and the activity requirement (aktivitetskrav)."""
