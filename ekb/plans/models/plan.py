"""The individual plan (genomförandeplan, seed 004 §2.4): a plan per case, kept as versions.

A version is written by the caseworker as a draft, shared with the client (from then on its text
does not change: a revision is a new version and the old ones stay readable), commented on and
signed by the parties, and established when a held meeting with the client is linked to it.
The conditions for assistance are the committee's requirements, not something agreed: they are
kept apart from the client's own goals, each with its legal basis and consequence.
Follow-ups, progress steps (stegförflyttning) and referrals belong to the plan across versions."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.cases.models import Case
from ekb.meetings.models import Meeting
from ekb.people.models import Person
from ekb.plans import choices as c


class Plan(models.Model):
    """The case's genomförandeplan; what it says is in its versions."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("genomförandeplan")


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=c.VersionStatus.choices, default=c.VersionStatus.DRAFT
    )
    # The decided intervention the plan belongs to (template A's "Beslutad insats").
    intervention = models.CharField(_("beslutad insats"), max_length=200, blank=True)
    situation = models.TextField(_("nuvarande situation"), blank=True)
    interpreter_language = models.CharField(_("tolkbehov (språk)"), max_length=60, blank=True)
    goal = models.TextField(_("ditt mål"), blank=True)
    # The obstacles per life area are rows of their own (PlanObstacle), each the household's or
    # one adult's.
    strengths = models.TextField(_("styrkor och nätverk"), blank=True)
    work_capacity_client = models.TextField(_("arbetsförmåga enligt dig"), blank=True)
    work_capacity_af = models.TextField(_("arbetsförmåga enligt Arbetsförmedlingen"), blank=True)
    work_capacity_caseworker = models.TextField(
        _("arbetsförmåga enligt socialsekreteraren"), blank=True
    )
    help_from_social_services = models.TextField(_("hjälp från socialtjänsten"), blank=True)
    help_from_other_agencies = models.TextField(_("hjälp från andra myndigheter"), blank=True)
    cooperation_wishes = models.TextField(_("samverkan du önskar"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True)
    established_at = models.DateTimeField(null=True, blank=True)
    established_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The held meeting with the client the plan was established at (seed 004 feature 15).
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_versions"
    )

    class Meta:
        verbose_name = _("planversion")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_number"),
            models.CheckConstraint(
                condition=~models.Q(status="established") | models.Q(meeting__isnull=False),
                name="plans_established_has_meeting",
            ),
        ]
        ordering = ["plan", "number"]


class PlanObstacle(models.Model):
    """An obstacle in a life area, in the client's words. The household's (no person) are read by
    both adults; one in a sensitive area (c.SENSITIVE_AREAS: health, addiction, violence, crime)
    belongs to the adult it is about and the e-service shows it only to her, while the
    caseworker sees all. Comments are likewise shown to the client who wrote them only.

    The longer-term option is a plan per adult in a couple (each her own goals, obstacles,
    conditions and signature, the household's shared parts in both), as the activity requirement
    already counts per person; one plan per case with personal obstacles is the step taken now."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="obstacles")
    life_area = models.CharField(_("livsområde"), max_length=20, choices=c.LifeArea.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("hinder"))

    class Meta:
        ordering = ["version", "id"]


class SubGoal(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sub_goals")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("delmål"), max_length=500)
    status = models.CharField(
        max_length=20, choices=c.SubGoalStatus.choices, default=c.SubGoalStatus.OPEN
    )

    class Meta:
        ordering = ["version", "position", "id"]


class PlanActivity(models.Model):
    """Who does what by when (Socialstyrelsen's definition: what each party will do, in time)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="activities")
    what = models.CharField(_("vad"), max_length=500)
    responsible = models.CharField(_("vem"), max_length=20, choices=c.Responsible.choices)
    responsible_text = models.CharField(_("vem (namn eller myndighet)"), max_length=200, blank=True)
    by_date = models.DateField(_("senast"), null=True, blank=True)

    class Meta:
        ordering = ["version", "by_date", "id"]


class PlanCondition(models.Model):
    """A condition for assistance: the committee's requirement, stated with its legal basis and
    the consequence of not meeting it, and why it fits this person (no blanket requirement)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="conditions")
    key = models.CharField(max_length=60)
    text = models.TextField(_("vad du behöver göra"))
    legal_basis = models.CharField(_("rättslig grund"), max_length=300)
    consequence = models.TextField(_("om villkoret inte uppfylls"))
    individual_reason = models.TextField(_("varför villkoret gäller dig"))
    status = models.CharField(
        max_length=20, choices=c.ConditionStatus.choices, default=c.ConditionStatus.NOT_ASSESSED
    )
    status_note = models.TextField(blank=True)
    status_set_at = models.DateTimeField(null=True, blank=True)
    status_set_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "id"]


class PlanComment(models.Model):
    """The client's own words on a shared version, kept as written; a disagreement stays shown."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="comments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=20, choices=c.CommentTopic.choices, default="whole")
    text = models.TextField()
    disagrees = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "created_at", "id"]


class PlanSignature(models.Model):
    """A party's signature on a version: the client's through the e-service session (e-ID), the
    caseworker's or labour-market officer's through the staff login."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=30, choices=c.SignerRole.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "signed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) ^ models.Q(user__isnull=True),
                name="plans_signature_one_signer",
            ),
            models.UniqueConstraint(
                fields=["version", "person"],
                condition=models.Q(person__isnull=False),
                name="plans_signature_person_once",
            ),
            models.UniqueConstraint(
                fields=["version", "user"],
                condition=models.Q(user__isnull=False),
                name="plans_signature_user_once",
            ),
        ]


class PlanFollowUp(models.Model):
    """A booked follow-up of the plan; held when recorded (at a visit or a phone call)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_ups")
    # The date the follow-up is due, as set when the plan was established or the previous
    # follow-up held. Rebooking never moves it: a follow-up past it stays overdue (and its task
    # open) until one is held, so the plan cannot be pushed ahead three months at a time.
    due_on = models.DateField(_("uppföljning senast"))
    # The day the follow-up is booked for when it has been rebooked (None: on the due date).
    booked_for = models.DateField(_("bokad till"), null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)
    held_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "due_on", "id"]


class ProgressStep(models.Model):
    """Stegförflyttning: a move on the scale in a life area, shown as a timeline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="progress_steps")
    life_area = models.CharField(_("livsområde"), max_length=20, choices=c.LifeArea.choices)
    from_step = models.PositiveSmallIntegerField(_("från steg"))
    to_step = models.PositiveSmallIntegerField(_("till steg"))
    note = models.TextField(_("vad som hänt"), blank=True)
    on = models.DateField(_("datum"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "on", "id"]


class Referral(models.Model):
    """A referral to Arbetsförmedlingen or the municipal labour-market unit, and its answer."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="referrals")
    to = models.CharField(_("till"), max_length=30, choices=c.ReferralTo.choices)
    question = models.TextField(_("vad remissen gäller"))
    sent_on = models.DateField(_("skickad"))
    answer = models.TextField(_("svar"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "sent_on", "id"]
