from django.urls import path

from ekb.eservice import apply, views

app_name = "eservice"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.login, name="login"),
    path("logga-in/demo/", views.demo_eid, name="demo_eid"),
    path("logga-ut/", views.logout, name="logout"),
    # Applying: ids only in the URLs, never personal data.
    path("ansokan/", apply.start, name="apply_start"),
    path("ansokan/<int:draft_id>/", apply.resume, name="apply_resume"),
    path("ansokan/<int:draft_id>/hushall/", apply.household, name="apply_hushall"),
    path("ansokan/<int:draft_id>/boende/", apply.housing, name="apply_boende"),
    path("ansokan/<int:draft_id>/inkomster/", apply.incomes, name="apply_inkomster"),
    path("ansokan/<int:draft_id>/kostnader/", apply.other_costs, name="apply_kostnader"),
    path("ansokan/<int:draft_id>/behov/", apply.needs, name="apply_behov"),
    path("ansokan/<int:draft_id>/situation/", apply.situation, name="apply_situation"),
    path("ansokan/<int:draft_id>/kontrollera/", apply.check, name="apply_check"),
    path("ansokan/<int:draft_id>/mottagen/", apply.received, name="apply_received"),
    path("ansokan/<int:draft_id>/bekrafta/", apply.confirm, name="apply_confirm"),
    path("ansokan/<int:draft_id>/berakning/", apply.estimate, name="apply_estimate"),
    # Following the case.
    path("kompletteringar/<int:request_id>/", views.supplement, name="supplement"),
    path("beslut/", views.decisions, name="decisions"),
    path("beslut/<int:decision_id>/", views.decision, name="decision"),
    path("beslut/<int:decision_id>/brev.pdf", views.decision_letter, name="decision_letter"),
    path("beslut/<int:decision_id>/overklaga/", views.appeal, name="appeal"),
    path("meddelanden/", views.conversation, name="messages"),
    path("filer/", views.send_files, name="send_files"),
]
