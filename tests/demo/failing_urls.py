"""The project's URLs and one that fails, to see the 500 page a visitor would get."""

from django.urls import path

from ekb.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a failure the visitor must not see the details of")


urlpatterns = [*project_urlpatterns, path("fel/", fails)]
