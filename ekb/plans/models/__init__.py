"""The plan's models (plan.py: the genomförandeplan, its versions, signatures and follow-up) and
the activity requirement's (activity.py: exemptions, the schedule, sessions and attendance)."""

from ekb.plans.models.activity import (
    ActivityAttendance,
    ActivityExemption,
    ActivitySchedule,
    ActivitySession,
)

__all__ = ["ActivityAttendance", "ActivityExemption", "ActivitySchedule", "ActivitySession"]
