from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView

from ekb.api.views import api

urlpatterns = [
    path("", TemplateView.as_view(template_name="start.html"), name="start"),
    path("handlaggare/", include("ekb.workspace.urls")),
    path("e-tjanst/", include("ekb.eservice.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.EKB_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
