"""The activity requirement's vocabulary (kept apart from the plan's choices)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExemptionReason(models.TextChoices):
    """Why a person is not covered (rules/activity_requirement.yaml says which are the law's)."""

    FULL_TIME_PROGRAMME = "full_time_programme", _("Heltid i program via Arbetsförmedlingen")
    FULL_TIME_WORK = "full_time_work", _("Arbete på heltid")
    SICK_WITH_CERTIFICATE = "sick_with_certificate", _("Sjukdom med läkarintyg")
    AGE = "age", _("Ålder")
    SCHOOL = "school", _("Studier")
    OTHER = "other", _("Annat skäl")


class ActivityKind(models.TextChoices):
    """The law's four kinds of activity (12 kap. 6 a § 1–4 SoL 2025:400, see the YAML)."""

    ABILITY = "ability", _("Öka förmågan att arbeta eller studera")
    LANGUAGE = "language", _("Språk")
    JOB_SEEKING = "job_seeking", _("Jobbsökande aktivitet")
    WORKPLACE = "workplace", _("Arbetsplatsförlagd aktivitet")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Närvarande")
    ABSENT_VALID = "absent_valid", _("Frånvarande med giltigt skäl")
    ABSENT_WITHOUT = "absent_without", _("Frånvarande utan giltigt skäl")
    SICK_WITH_CERTIFICATE = "sick_with_certificate", _("Sjuk med läkarintyg")


# What counts towards the week's target: attended, and excused (the client is not to blame).
COUNTED = frozenset({AttendanceStatus.PRESENT})
EXCUSED = frozenset({AttendanceStatus.ABSENT_VALID, AttendanceStatus.SICK_WITH_CERTIFICATE})
