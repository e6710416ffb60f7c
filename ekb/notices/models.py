"""How a decision reaches the parties and what they can do about it: the letter (förvaltningslagen
31–33 §§), each party's notification (FL 44 §, delgivning) and appeals (FL 44–46 §§)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.applications.models import Attachment
from ekb.cases.models import Case
from ekb.decisions.models import Decision
from ekb.notices import choices as c
from ekb.people.models import Person


class DecisionNotification(models.Model):
    """How and when one party (the applicant or a co-applicant) took part of a decision. The
    three weeks for an appeal run for each party from the day that party was notified
    (förvaltningslagen 44 §: "från den dag då klaganden fick del av beslutet"); one party opening
    the decision starts no time for the other. A party may have one row per way; the earliest
    day counts (ekb.notices.appeals.notified_on)."""

    class How(models.TextChoices):
        # The party opened the decision or its letter in the e-service (never a mere list).
        ESERVICE = "eservice", _("Öppnade beslutet i e-tjänsten")
        # Posted with förenklad delgivning: notified on the presumed day (delgivningslagen 24 §).
        POSTED_LETTER = "posted_letter", _("Brev med förenklad delgivning")
        # Told the whole decision and how to appeal in a meeting or by phone (FL 33 §), recorded
        # by the caseworker.
        ORAL = "oral", _("Muntligt besked")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notifications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    how = models.CharField(max_length=20, choices=How.choices)
    # The day the party counts as notified: for a posted letter the presumed day, not the posting.
    notified_on = models.DateField(_("delgiven"))
    # When the party opened the decision in the e-service (the moment, for the log).
    notified_at = models.DateTimeField(null=True, blank=True)
    # The day the letter was posted (förenklad delgivning only).
    posted_on = models.DateField(_("brevet skickat"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delgivning")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "person", "how"], name="notices_notified_once_a_way"
            ),
        ]


class DecisionLetter(models.Model):
    """The letter as it was sent: the PDF is kept, not re-rendered, so it never changes afterwards."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="letter")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)


class Appeal(models.Model):
    """Överklagande: the client's appeal of a decision (förvaltningslagen 40–46 §§)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appeals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    received_at = models.DateTimeField(default=timezone.now)
    # Filed within three weeks from the day the client took part of the decision (44 §);
    # a late appeal is still received and the municipality decides on dismissal (45 §).
    in_time = models.BooleanField(default=True)
    status = models.CharField(
        max_length=20, choices=c.AppealStatus.choices, default=c.AppealStatus.RECEIVED
    )
    handled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    # Rättidsprövning (FL 45 §): `in_time` above is what the dates said when it arrived (the
    # system's proposal); the caseworker's finding, who made it and when, is recorded here.
    timeliness = models.CharField(
        _("rättidsprövning"), max_length=10, choices=c.Timeliness.choices, blank=True, default=""
    )
    timeliness_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    timeliness_at = models.DateTimeField(null=True, blank=True)
    # The decision that dismissed a late appeal (avvisning, FL 45 §), with its own letter.
    dismissal = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Omprövning (FL 38–39 §§): the new decision that changed the appealed one, and whether it
    # changed it fully as the client asked (then the appeal lapses; otherwise it goes on).
    reconsideration = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reconsidered_fully = models.BooleanField(null=True, blank=True)
    # Papers the client sent with the appeal; they go to the court with it.
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")


class CourtBundle(models.Model):
    """What was sent to förvaltningsrätten (FL 46 §): one PDF with the municipality's opinion,
    the appealed decision's letter, its calculation, the appeal and its attachments. Kept as
    it was sent, with its checksum, never re-rendered."""

    appeal = models.OneToOneField(Appeal, on_delete=models.PROTECT, related_name="court_bundle")
    opinion = models.TextField(_("kommunens yttrande"))
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


class Communication(models.Model):
    """Kommunicering (förvaltningslagen 25 §): before a decision the client is told all material
    of importance for it and given a set time to answer. Kept with its letter as it was sent.
    Until it is answered or its answer date has passed, a decision resting on it is refused
    (ekb.notices.communication.decision_problems, registered in ekb.decisions.prior_steps)."""

    class Ground(models.TextChoices):
        # The last part of the phrase keys in ekb/decisions/phrases/decisions.yaml.
        ACTIVITY_DECLINED = "activity_declined", _("Anvisad aktivitet avböjd")
        ACTIVITY_ABSENT = "activity_absent", _("Uteblivit från anvisad aktivitet")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="communications")
    ground = models.CharField(_("grund"), max_length=30, choices=Ground.choices)
    # What the decision would rest on, in the caseworker's words (which activity, which days).
    subject = models.TextField(_("vad beslutet skulle grunda sig på"))
    # What we intend to decide (refuse or reduce, and for which month), in plain words.
    intended = models.TextField(_("vad vi överväger att besluta"))
    # The task that led here ("cases.task:<id>"), if any.
    task_source = models.CharField(max_length=80, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    answer_by = models.DateField(_("svara senast"))
    answer = models.TextField(_("svar"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The letter as sent (PDF, or HTML in the test suite: EKB_RENDER_LETTER_PDF).
    letter = models.BinaryField(default=bytes)
    letter_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("kommunicering")
        ordering = ["-sent_at", "-id"]

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
