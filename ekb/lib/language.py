"""Swedish unless the user has chosen another language with the language button.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show a
caseworker with an English operating system an English case system by surprise. EKB's language
is a choice the user makes, kept in the language cookie that django.views.i18n.set_language sets.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
