from django.urls import path

from ekb.eservice import views

app_name = "eservice"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.login, name="login"),
    path("logga-in/demo/", views.demo_eid, name="demo_eid"),
    path("logga-ut/", views.logout, name="logout"),
]
