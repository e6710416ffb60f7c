from django.urls import path

import ekb.lib.converters  # noqa: F401 - registers <id:...>, an id the database can hold
from ekb.eservice import activities, apply, household, meetings, plan, resend, views

app_name = "eservice"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.login, name="login"),
    path("logga-in/demo/", views.demo_eid, name="demo_eid"),
    path("logga-ut/", views.logout, name="logout"),
    path("skicka-igen/", resend.resend, name="resend"),
    # Applying: ids only in the URLs, never personal data.
    path("ansokan/", apply.start, name="apply_start"),
    path("ansokan/<id:draft_id>/", apply.resume, name="apply_resume"),
    path("ansokan/<id:draft_id>/hushall/", household.household, name="apply_hushall"),
    path("ansokan/<id:draft_id>/boende/", apply.housing, name="apply_boende"),
    path("ansokan/<id:draft_id>/inkomster/", apply.incomes, name="apply_inkomster"),
    path("ansokan/<id:draft_id>/kostnader/", apply.other_costs, name="apply_kostnader"),
    path("ansokan/<id:draft_id>/behov/", apply.needs, name="apply_behov"),
    path("ansokan/<id:draft_id>/situation/", apply.situation, name="apply_situation"),
    path("ansokan/<id:draft_id>/kontrollera/", apply.check, name="apply_check"),
    path("ansokan/<id:draft_id>/inget-har-andrats/", apply.unchanged, name="apply_unchanged"),
    path("ansokan/<id:draft_id>/mottagen/", apply.received, name="apply_received"),
    path("ansokan/<id:draft_id>/bekrafta/", apply.confirm, name="apply_confirm"),
    path("ansokan/<id:draft_id>/berakning/", apply.estimate, name="apply_estimate"),
    # Following the case.
    path("kompletteringar/<id:request_id>/", views.supplement, name="supplement"),
    path("kommunicering/<id:communication_id>/", views.communication, name="communication"),
    path(
        "kommunicering/<id:communication_id>/brev.pdf",
        views.communication_letter,
        name="communication_letter",
    ),
    path("beslut/", views.decisions, name="decisions"),
    path("beslut/<id:decision_id>/", views.decision, name="decision"),
    path("beslut/<id:decision_id>/brev.pdf", views.decision_letter, name="decision_letter"),
    path("beslut/<id:decision_id>/overklaga/", views.appeal, name="appeal"),
    path("meddelanden/", views.conversation, name="messages"),
    path("filer/", views.send_files, name="send_files"),
    path("kontaktuppgifter/", views.contact, name="contact"),
    path("moten/", meetings.meetings, name="meetings"),
    path("moten/<id:meeting_id>/flytta/", meetings.move_meeting, name="move_meeting"),
    path("plan/", plan.plan, name="plan"),
    path("plan/versioner/<id:version_id>/", plan.plan_version, name="plan_version"),
    path("aktiviteter/", activities.activities, name="activities"),
]
