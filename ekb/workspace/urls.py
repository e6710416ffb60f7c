from django.contrib.auth import views as auth_views
from django.urls import path

from ekb.workspace import payments, views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.StaffLoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("arenden/<int:case_id>/", views.case_detail, name="case"),
    path("atkomstlogg/", views.access_log, name="access_log"),
    path("utbetalningar/", payments.payment_list, name="payment_list"),
]
