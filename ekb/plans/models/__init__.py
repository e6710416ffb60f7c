"""The plan's models (plan.py: the genomförandeplan, its versions, signatures and follow-up) and
the activity requirement's (activity.py: exemptions, the schedule, sessions and attendance)."""

from ekb.plans.models.activity import (
    ActivityAttendance,
    ActivityExemption,
    ActivitySchedule,
    ActivitySession,
    ActivityTarget,
)
from ekb.plans.models.plan import (
    Plan,
    PlanActivity,
    PlanComment,
    PlanCondition,
    PlanFollowUp,
    PlanObstacle,
    PlanSignature,
    PlanVersion,
    ProgressStep,
    Referral,
    SubGoal,
)

__all__ = [
    "ActivityAttendance",
    "ActivityExemption",
    "ActivitySchedule",
    "ActivitySession",
    "ActivityTarget",
    "Plan",
    "PlanActivity",
    "PlanComment",
    "PlanCondition",
    "PlanFollowUp",
    "PlanObstacle",
    "PlanSignature",
    "PlanVersion",
    "ProgressStep",
    "Referral",
    "SubGoal",
]
