"""The client's meetings in the e-service: the booked ones, whom to call and when (open phone
hours), and asking to move a meeting. Thin views: the client's own case through its door."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ekb.cases.access import access_own_case
from ekb.eservice.session import client_required
from ekb.eservice.vocabulary import translated
from ekb.meetings.contact import contact_people
from ekb.meetings.move_requests import (
    access_own_meeting,
    client_meetings,
    do_request_meeting_move,
    pending_request,
)
from ekb.people.access import client_person


@client_required
def meetings(request):
    case = access_own_case(request.client_person_id)
    return render(
        request,
        "eservice/meetings.html",
        {"case": case, "meetings": client_meetings(case), "contacts": contact_people(case)},
    )


@client_required
def move_meeting(request, meeting_id: int):
    meeting = access_own_meeting(request.client_person_id, meeting_id)
    text, errors, status = "", {}, 200
    if request.method == "POST":
        text = request.POST.get("message", "")
        try:
            do_request_meeting_move(
                meeting, person=client_person(request.client_person_id), message=text
            )
        except ValidationError as problem:
            errors = {
                field: " ".join(translated(m) for m in ms)
                for field, ms in problem.message_dict.items()
            }
            status = 400
        else:
            messages.success(
                request, _("Din begäran är skickad. Din handläggare hör av sig med en ny tid.")
            )
            return redirect("eservice:meetings")
    context = {
        "meeting": meeting,
        "pending": pending_request(meeting),
        "text": text,
        "errors": errors,
        "error_list": [
            ("message" if field == "message" else "move-heading", message)
            for field, message in errors.items()
        ],
    }
    return render(request, "eservice/move_meeting.html", context, status=status)
