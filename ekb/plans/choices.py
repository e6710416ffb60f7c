"""The plan's vocabulary: version states, life areas, who does an activity, condition states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    # A draft is the caseworker's alone; shared, the client reads, comments and signs it; its text
    # no longer changes (a change is a new version). Established once a held meeting is linked.
    DRAFT = "draft", _("Utkast")
    SHARED = "shared", _("Delad med klienten")
    ESTABLISHED = "established", _("Fastställd")
    SUPERSEDED = "superseded", _("Ersatt av en ny version")


class LifeArea(models.TextChoices):
    """The life areas of template A's obstacles (seed 004 §2.4), and work and education for the
    progress steps."""

    FAMILY = "family", _("Familjesituation")
    HOUSING = "housing", _("Boende")
    LANGUAGE = "language", _("Språk")
    HEALTH = "health", _("Hälsa (fysisk och psykisk)")
    ADDICTION = "addiction", _("Missbruk eller beroende")
    VIOLENCE = "violence", _("Våld")
    CRIME = "crime", _("Kriminalitet")
    WORK = "work", _("Arbete")
    EDUCATION = "education", _("Utbildning")


# The obstacles section asks about these (template A); work and education are goals, not obstacles.
OBSTACLE_AREAS = (
    LifeArea.FAMILY,
    LifeArea.HOUSING,
    LifeArea.LANGUAGE,
    LifeArea.HEALTH,
    LifeArea.ADDICTION,
    LifeArea.VIOLENCE,
    LifeArea.CRIME,
)


# Obstacles in these areas are about one adult and are secret from the other (OSL 26 kap. 1 §
# protects each person's own circumstances, also within a couple): each belongs to the adult it
# is about and the e-service shows it only to her (ekb.plans.models.PlanObstacle).
SENSITIVE_AREAS = (
    LifeArea.HEALTH,
    LifeArea.ADDICTION,
    LifeArea.VIOLENCE,
    LifeArea.CRIME,
)


class Responsible(models.TextChoices):
    CLIENT = "client", _("Du")
    CASEWORKER = "caseworker", _("Socialsekreteraren")
    OTHER_AGENCY = "other_agency", _("Annan myndighet eller verksamhet")


class SubGoalStatus(models.TextChoices):
    OPEN = "open", _("Pågår")
    ACHIEVED = "achieved", _("Uppnått")
    DROPPED = "dropped", _("Avslutat utan att uppnås")


class ConditionStatus(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Inte bedömt")
    MET = "met", _("Uppfyllt")
    NOT_MET = "not_met", _("Inte uppfyllt")


class SignerRole(models.TextChoices):
    APPLICANT = "applicant", _("Sökande")
    CO_APPLICANT = "co_applicant", _("Medsökande")
    CASEWORKER = "caseworker", _("Socialsekreterare")
    LABOUR_MARKET_OFFICER = "labour_market_officer", _("Arbetsmarknadssekreterare")


class ReferralTo(models.TextChoices):
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
    LABOUR_MARKET_UNIT = "labour_market_unit", _("Kommunens arbetsmarknadsenhet")


class CommentTopic(models.TextChoices):
    """What part of the plan a client's comment is about."""

    WHOLE = "whole", _("Hela planen")
    SITUATION = "situation", _("Din situation")
    GOALS = "goals", _("Dina mål")
    ACTIVITIES = "activities", _("Vem gör vad")
    CONDITIONS = "conditions", _("Villkor för bistånd")
