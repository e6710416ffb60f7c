"""Code lists for cases, applications and decisions (Swedish labels; codes are stable)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClosureReason(models.TextChoices):
    # Avslutsorsaker as reported to Socialstyrelsen (HSLF-FS 2015:30, bilaga 2), grouped.
    WORK = "work", _("Arbete")
    STUDIES = "studies", _("Studier")
    OTHER_BENEFIT = "other_benefit", _("Annan ersättning (t.ex. a-kassa, sjukpenning, pension)")
    MOVED = "moved", _("Flyttat från kommunen")
    NO_CONTACT = "no_contact", _("Ingen kontakt")
    OTHER = "other", _("Annat")
    DECEASED = "deceased", _("Avliden")


class ReasonForNeedCategory(models.TextChoices):
    # Försörjningshinder per adult, Socialstyrelsen's categories (assessed at each application).
    UNEMPLOYED_NO_BENEFIT = "unemployed_no_benefit", _("Arbetslös – ingen ersättning")
    UNEMPLOYED_INSUFFICIENT = "unemployed_insufficient", _("Arbetslös – otillräcklig ersättning")
    UNEMPLOYED_WAITING = "unemployed_waiting", _("Arbetslös – i väntan på ersättning")
    UNEMPLOYED_ESTABLISHMENT = "unemployed_establishment", _("Arbetslös med etableringsersättning")
    SICK_WITH_CERTIFICATE = "sick_with_certificate", _("Sjukskriven med läkarintyg")
    SICK_WITHOUT_CERTIFICATE = "sick_without_certificate", _("Sjukskriven utan läkarintyg")
    ACTIVITY_OR_SICKNESS_COMPENSATION = (
        "activity_or_sickness_compensation",
        _("Aktivitets- eller sjukersättning"),
    )
    WORK_OBSTACLE_SOCIAL = "work_obstacle_social", _("Arbetshinder – sociala skäl")
    WORK_OBSTACLE_HEALTH = "work_obstacle_health", _("Arbetshinder – ohälsa")
    PARENTAL_LEAVE = "parental_leave", _("Föräldraledig")
    WORKS_FULL_TIME_INSUFFICIENT = (
        "works_full_time_insufficient",
        _("Arbetar heltid – otillräcklig inkomst"),
    )
    WORKS_PART_TIME_INSUFFICIENT = (
        "works_part_time_insufficient",
        _("Arbetar deltid – otillräcklig inkomst"),
    )
    STUDIES_INSUFFICIENT = "studies_insufficient", _("Studerar – otillräcklig inkomst")
    OTHER = "other", _("Annat")


class EventKind(models.TextChoices):
    # The client's status page folds these; kinds may be added, never removed or renamed.
    CASE_OPENED = "case_opened", _("Ärendet öppnades")
    APPLICATION_RECEIVED = "application_received", _("Ansökan mottagen")
    ASSIGNED = "assigned", _("Handläggare utsedd")
    BEING_HANDLED = "being_handled", _("Ansökan handläggs")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Komplettering begärd")
    SUPPLEMENT_ANSWERED = "supplement_answered", _("Komplettering inskickad")
    DECISION_MADE = "decision_made", _("Beslut fattat")
    PAYMENT_PLANNED = "payment_planned", _("Utbetalning planerad")
    PAYMENT_PAID = "payment_paid", _("Utbetalning gjord")
    PAYMENT_STOPPED = "payment_stopped", _("Utbetalning stoppad")
    CASE_CLOSED = "case_closed", _("Ärendet avslutades")
    APPEAL_RECEIVED = "appeal_received", _("Överklagande mottaget")
    APPEAL_RECONSIDERED = "appeal_reconsidered", _("Beslutet omprövat")
    APPEAL_FORWARDED = "appeal_forwarded", _("Överklagandet skickat till förvaltningsrätten")
    # Rättidsprövning (FL 45 §): for the caseworker; a late appeal's dismissal for the client.
    APPEAL_TIMELINESS = "appeal_timeliness", _("Rättidsprövning gjord")
    APPEAL_DISMISSED = "appeal_dismissed", _("Överklagandet avvisat")
    MESSAGE_FROM_CASEWORKER = "message_from_caseworker", _("Meddelande från handläggaren")
    MEETING_BOOKED = "meeting_booked", _("Möte bokat")
    # A household member added, changed or ended (ekb.cases.household); for the caseworker.
    HOUSEHOLD_CHANGED = "household_changed", _("Hushållet ändrat")
    EARLIER_SUPPORT_RECORDED = (
        "earlier_support_recorded",
        _("Tidigare försörjningsstöd registrerat"),
    )
    EARLIER_SUPPORT_REMOVED = "earlier_support_removed", _("Tidigare försörjningsstöd struket")
    REGISTER_PROPOSAL_ACCEPTED = "register_proposal_accepted", _("Registeruppgift godtagen")
    REGISTER_PROPOSAL_REJECTED = "register_proposal_rejected", _("Registeruppgift avvisad")
    DECISION_NOTIFICATION_RECORDED = (
        "decision_notification_recorded",
        _("Delgivning av beslut registrerad"),
    )
    # The application passed its due date without a decision: the client is told why and by when.
    APPLICATION_DELAYED = "application_delayed", _("Beslutet dröjer")
    # Four eyes (issue 11); for the staff only.
    DECISION_PROPOSED = "decision_proposed", _("Beslutsförslag till beslutsfattaren")
    DECISION_SENT_BACK = "decision_sent_back", _("Beslutsförslag återsänt till handläggaren")
    DECISION_CHANGED = "decision_changed", _("Beslutsförslag ändrat av beslutsfattaren")
    # The meeting record (issue 12, ekb.meetings.records); for the staff only.
    MEETING_HELD = "meeting_held", _("Möte genomfört")
    MEETING_MISSED = "meeting_missed", _("Klienten uteblev från mötet")
    LABOUR_MARKET_OFFICER_SET = (
        "labour_market_officer_set",
        _("Arbetsmarknadssekreterare utsedd"),
    )
    MEETING_MOVE_REQUESTED = "meeting_move_requested", _("Klienten bad att få flytta ett möte")
    # A booked meeting cancelled by the caseworker (ekb.meetings.actions); for the client too.
    MEETING_CANCELLED = "meeting_cancelled", _("Möte inställt")
    # Kommunicering (förvaltningslagen 25 §, ekb.notices.communication): the client is told what
    # a decision would rest on and answers by a date.
    COMMUNICATION_SENT = "communication_sent", _("Kommunicering skickad")
    COMMUNICATION_ANSWERED = "communication_answered", _("Svar på kommunicering")
    # The individual plan (ekb.plans, issue 12): shared and established for the client; the
    # client's comment and signature for the caseworker.
    PLAN_SHARED = "plan_shared", _("Planen delad med klienten")
    PLAN_ESTABLISHED = "plan_established", _("Planen fastställd")
    PLAN_COMMENTED = "plan_commented", _("Klienten har kommenterat planen")
    PLAN_SIGNED = "plan_signed", _("Planen underskriven")
    # The activity requirement (issue 12, ekb.plans.activity_actions).
    ACTIVITY_REQUIREMENT_REACHED = "activity_requirement_reached", _("Aktivitetskravet gäller")
    ACTIVITY_EXEMPTION_RECORDED = "activity_exemption_recorded", _("Undantag från aktivitetskravet")
    ACTIVITY_EXEMPTION_ENDED = (
        "activity_exemption_ended",
        _("Undantag från aktivitetskravet upphör"),
    )
    ACTIVITY_SCHEDULE_SET = "activity_schedule_set", _("Aktivitetsschema upprättat")
    ACTIVITY_SESSION_ADDED = "activity_session_added", _("Aktivitet inlagd i schemat")
    ACTIVITY_ATTENDANCE_RECORDED = "activity_attendance_recorded", _("Närvaro registrerad")
    ACTIVITY_DECLINED = "activity_declined", _("Anvisad aktivitet avböjd")


class TaskKind(models.TextChoices):
    """Something a caseworker must look at and close with what she did (issue 12). A task never
    changes money by itself: a reduction or refusal is a decision with reasons. Rooms add kinds;
    kinds are never removed or renamed."""

    PLAN_CONDITION_MISSED = "plan_condition_missed", _("Villkor i planen inte uppfyllt")
    ACTIVITY_ABSENCE = "activity_absence", _("Frånvaro från aktivitet utan giltigt skäl")
    ACTIVITY_DECLINED = "activity_declined", _("Anvisad aktivitet avböjd")
    MEETING_MISSED = "meeting_missed", _("Uteblivet möte att följa upp")
    MEETING_MOVE_REQUESTED = "meeting_move_requested", _("Klienten ber att få flytta ett möte")
    PLAN_FOLLOW_UP_DUE = "plan_follow_up_due", _("Planen ska följas upp")
    ACTIVITY_REQUIREMENT_REACHED = (
        "activity_requirement_reached",
        _("Aktivitetskrav: tre månader i följd med försörjningsstöd"),
    )
    # The client answered a communication (FL 25 §): the caseworker reads it before deciding.
    COMMUNICATION_ANSWERED = "communication_answered", _("Klienten har svarat på en kommunicering")
    ACTIVITY_EXEMPTION_REVIEW = (
        "activity_exemption_review",
        _("Undantag från aktivitetskravet ska omprövas"),
    )
    # The client disagrees with her plan (a PlanComment with disagrees, made in the e-service):
    # the caseworker reads it on the plan page; closing the task records her answer.
    PLAN_DISAGREEMENT = "plan_disagreement", _("Klienten håller inte med om planen")
    OTHER = "other", _("Övrigt")
