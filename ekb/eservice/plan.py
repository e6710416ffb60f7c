"""The client's plan (/e-tjanst/plan/): she reads the version shared with her, comments or says
she disagrees (kept as written and shown to the caseworker), and signs. The e-service session is
her e-ID login, so signing here is signing with e-ID. Drafts are never shown to her."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ekb.eservice.session import client_required
from ekb.eservice.vocabulary import translated
from ekb.people.access import client_person
from ekb.plans.access import access_own_plan, access_own_plan_version
from ekb.plans.actions import do_comment_on_plan, do_sign_plan_as_client
from ekb.plans.choices import CommentTopic
from ekb.plans.reads import client_plan_page, version_content


@client_required
def plan(request):
    person_id = request.client_person_id
    case, version = access_own_plan(person_id)
    if case is None:
        raise Http404
    typed = {"text": "", "topic": CommentTopic.WHOLE, "disagrees": False}
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and version is not None:
        person = client_person(person_id)
        signing = request.POST.get("do") == "sign"
        if not signing:
            typed = {
                "text": request.POST.get("text", ""),
                "topic": request.POST.get("topic", CommentTopic.WHOLE),
                "disagrees": request.POST.get("disagrees") == "yes",
            }
        # The form carries the id of the version she read: if another has been shared since,
        # the action refuses and the page shows the new one with what she typed.
        _case, read = access_own_plan_version(person_id, request.POST.get("version"))
        try:
            if signing:
                do_sign_plan_as_client(read, person=person)
                messages.success(request, _("Du har skrivit under planen."))
            else:
                do_comment_on_plan(read, person=person, **typed)
                messages.success(
                    request,
                    _("Din kommentar är sparad. Din handläggare ser den.")
                    if not typed["disagrees"]
                    else _("Det du inte håller med om är sparat. Din handläggare ser det."),
                )
        except ValidationError as error:
            errors = [
                (
                    "comment-text" if field == "text" else "sign" if signing else "comment",
                    translated(message),
                )
                for field, problems in error.message_dict.items()
                for message in problems
            ]
        else:
            return redirect("eservice:plan")
    if version is None:
        return render(request, "eservice/plan.html", {"case": case, "page": None})
    return render(
        request,
        "eservice/plan.html",
        {
            "case": case,
            "page": client_plan_page(case, version, person_id),
            "typed": typed,
            "errors": errors,
            "text_error": next((m for target, m in errors if target == "comment-text"), None),
            "topics": CommentTopic.choices,
        },
        status=400 if errors else 200,
    )


@client_required
def plan_version(request, version_id: int):
    """An earlier version of her plan, to read."""
    person_id = request.client_person_id
    case, version = access_own_plan_version(person_id, version_id)
    return render(
        request,
        "eservice/plan_version.html",
        {"case": case, "content": version_content(version, for_person=person_id)},
    )
