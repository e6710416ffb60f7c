"""The plan's models (plan.py: the genomförandeplan, its versions, signatures and follow-up) and
the activity requirement's (activity.py: exemptions, the schedule, sessions and attendance)."""
