from django.contrib.auth import views as auth_views
from django.urls import path, re_path

import ekb.lib.converters  # noqa: F401 - registers <id:...>, an id the database can hold
from ekb.workspace import (
    activity,
    appeals,
    casework,
    communication,
    decision_page,
    handling,
    household,
    manager,
    meeting_money,
    meeting_pages,
    meeting_rule,
    meetings_outward,
    notification,
    payments,
    plan,
    register_proposals,
    registration,
    resend,
    views,
)
from ekb.workspace import support_history as earlier_support

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.StaffLoginView.as_view(), name="login"),
    path("skicka-igen/", resend.resend, name="resend"),
    path("logga-ut/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("arenden/<id:case_id>/", views.case_detail, name="case"),
    path("franvaro/", manager.register_absence, name="register_absence"),
    path(
        "arenden/<id:case_id>/uppgifter/<id:task_id>/kommunicera/",
        communication.communicate,
        name="activity_communicate",
    ),
    path(
        "arenden/<id:case_id>/kommuniceringar/<id:communication_id>/brev.pdf",
        communication.communication_letter,
        name="communication_letter",
    ),
    path(
        "arenden/<id:case_id>/ny-ansokan/",
        registration.register_application,
        name="register_application",
    ),
    path("atkomstlogg/", views.access_log, name="access_log"),
    path("inkorg/", handling.inbox, name="inbox"),
    path("ansokningar/<id:application_id>/", handling.application_detail, name="application"),
    path("ansokningar/<id:application_id>/beslut/", handling.decide, name="decide"),
    path(
        "ansokningar/<id:application_id>/beslut/forhandsgranska/",
        handling.preview_letter,
        name="preview_letter",
    ),
    path(
        "ansokningar/<id:application_id>/komplettering/",
        handling.request_supplement,
        name="request_supplement",
    ),
    path(
        "ansokningar/<id:application_id>/steg/<id:step_run_id>/forsok-igen/",
        handling.retry_step,
        name="retry_step",
    ),
    path("uppgifter/<id:line_id>/andra/", handling.override_line, name="override_line"),
    path(
        "registeruppgifter/<id:proposal_id>/godta/",
        register_proposals.accept,
        name="accept_register_proposal",
    ),
    path(
        "registeruppgifter/<id:proposal_id>/avvisa/",
        register_proposals.reject,
        name="reject_register_proposal",
    ),
    path(
        "varningar/<id:warning_id>/kvittera/",
        handling.acknowledge_warning,
        name="acknowledge_warning",
    ),
    path("beslut/<id:decision_id>/", decision_page.decision_detail, name="decision"),
    path("beslut/<id:decision_id>/brev.pdf", decision_page.decision_letter, name="decision_letter"),
    path(
        "beslut/<id:decision_id>/godkann/", decision_page.approve_decision, name="approve_decision"
    ),
    path(
        "beslut/<id:decision_id>/skicka-tillbaka/",
        decision_page.send_back_decision,
        name="send_back_decision",
    ),
    path("beslut/<id:decision_id>/andra/", decision_page.change_decision, name="change_decision"),
    path(
        "beslut/<id:decision_id>/delgivning/",
        notification.record_notification,
        name="record_notification",
    ),
    path("arenden/<id:case_id>/journal/", handling.write_journal_entry, name="journal_entry"),
    path("arenden/<id:case_id>/hushall/", household.household, name="household"),
    path("arenden/<id:case_id>/mottagning/", casework.record_intake, name="intake"),
    path("arenden/<id:case_id>/tilldela/", casework.assign, name="assign"),
    path("arenden/<id:case_id>/lakarintyg/", casework.register_certificate, name="certificate"),
    path("arenden/<id:case_id>/meddelanden/", casework.send_message, name="message"),
    path(
        "arenden/<id:case_id>/varningar/<id:warning_id>/kvittera/",
        casework.acknowledge_warning,
        name="case_acknowledge_warning",
    ),
    path(
        "arenden/<id:case_id>/uppgifter/<id:task_id>/avsluta/",
        casework.close_task,
        name="close_task",
    ),
    path("arenden/<id:case_id>/moten/", casework.book_meeting, name="meeting"),
    path("moten/manad/", meeting_pages.meeting_month, name="meeting_month"),
    path("moten/mal/", meeting_rule.meeting_targets, name="meeting_targets"),
    path(
        "arenden/<id:case_id>/motestathet/",
        meeting_rule.set_frequency,
        name="meeting_frequency",
    ),
    path(
        "arenden/<id:case_id>/motestathet/regeln/",
        meeting_rule.return_to_rule,
        name="meeting_frequency_rule",
    ),
    path("moten/<id:meeting_id>/", meeting_pages.meeting_page, name="meeting_page"),
    path("moten/<id:meeting_id>/dokumentera/", meeting_pages.record_meeting, name="record_meeting"),
    path("moten/<id:meeting_id>/stall-in/", meeting_pages.cancel_meeting, name="cancel_meeting"),
    path(
        "moten/<id:meeting_id>/journal/",
        meeting_pages.sign_meeting_journal,
        name="sign_meeting_journal",
    ),
    path("arenden/<id:case_id>/samtal/", meetings_outward.log_contact, name="log_contact"),
    path(
        "arenden/<id:case_id>/arbetsmarknadssekreterare/",
        meetings_outward.set_officer,
        name="set_officer",
    ),
    path("installningar/", meetings_outward.my_settings, name="my_settings"),
    # The calendar app's address: the secret token is the only key (no login, no personal data).
    re_path(
        r"^kalender/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$",
        meetings_outward.calendar_feed,
        name="calendar_feed",
    ),
    path("arenden/<id:case_id>/plan/", plan.plan, name="plan"),
    path(
        "arenden/<id:case_id>/plan/versioner/<id:version_id>/",
        plan.plan_version,
        name="plan_version",
    ),
    path(
        "arenden/<id:case_id>/tidigare-stod/",
        earlier_support.earlier_support_page,
        name="earlier_support",
    ),
    path(
        "arenden/<id:case_id>/tidigare-stod/<id:fact_id>/stryk/",
        earlier_support.remove_earlier_support,
        name="remove_earlier_support",
    ),
    path(
        "arenden/<id:case_id>/overklaganden/<id:appeal_id>/",
        appeals.appeal_page,
        name="appeal",
    ),
    path(
        "arenden/<id:case_id>/overklaganden/<id:appeal_id>/rattidsprovning/",
        appeals.record_timeliness,
        name="appeal_timeliness",
    ),
    path(
        "arenden/<id:case_id>/overklaganden/<id:appeal_id>/avvisa/",
        appeals.dismiss,
        name="appeal_dismiss",
    ),
    path(
        "arenden/<id:case_id>/overklaganden/<id:appeal_id>/ompreva/",
        appeals.reconsider,
        name="appeal_reconsider",
    ),
    path(
        "arenden/<id:case_id>/overklaganden/<id:appeal_id>/forvaltningsratten/",
        appeals.forward,
        name="appeal_forward",
    ),
    path(
        "arenden/<id:case_id>/overklaganden/<id:appeal_id>/akt.pdf",
        appeals.court_bundle,
        name="appeal_bundle",
    ),
    path("arenden/<id:case_id>/filer/<id:attachment_id>/", casework.attachment, name="attachment"),
    # Money in the meeting (issue 12, strand B): the prepared calculation and the oral decision.
    path("moten/<id:meeting_id>/berakning/", meeting_money.meeting_money, name="meeting_money"),
    path(
        "moten/<id:meeting_id>/berakning/forbered/",
        meeting_money.prepare,
        name="meeting_money_prepare",
    ),
    path(
        "moten/<id:meeting_id>/berakning/belopp/",
        meeting_money.confirm_amounts,
        name="meeting_money_amounts",
    ),
    path(
        "moten/<id:meeting_id>/berakning/beslut/",
        meeting_money.decide,
        name="meeting_money_decide",
    ),
    path("aktivitetskrav/", activity.reached_clients, name="activity_list"),
    path("arenden/<id:case_id>/aktiviteter/", activity.activity_page, name="activity"),
    path(
        "arenden/<id:case_id>/aktiviteter/undantag/",
        activity.record_exemption,
        name="activity_exemption",
    ),
    path(
        "arenden/<id:case_id>/aktiviteter/fraga-af/",
        activity.ask_arbetsformedlingen,
        name="activity_ask_af",
    ),
    path(
        "arenden/<id:case_id>/aktiviteter/undantag/<id:exemption_id>/avsluta/",
        activity.end_exemption,
        name="end_activity_exemption",
    ),
    path(
        "arenden/<id:case_id>/aktiviteter/schema/", activity.set_schedule, name="activity_schedule"
    ),
    path(
        "arenden/<id:case_id>/aktiviteter/schema/<id:schedule_id>/pass/",
        activity.add_session,
        name="activity_session",
    ),
    path(
        "arenden/<id:case_id>/aktiviteter/schema/<id:schedule_id>/avbojt/",
        activity.record_declined,
        name="activity_declined",
    ),
    path(
        "arenden/<id:case_id>/aktiviteter/pass/<id:session_id>/narvaro/",
        activity.record_attendance,
        name="activity_attendance",
    ),
    path("utbetalningar/", payments.payment_list, name="payment_list"),
    path("utbetalningar/betalfiler/<id:run_id>/", payments.payment_file, name="payment_file"),
    path("utbetalningar/<id:payment_id>/stoppa/", payments.stop_payment, name="stop_payment"),
    path("utbetalningar/<id:payment_id>/snarast/", payments.urgent_payment, name="urgent_payment"),
]
