"""What the client sees: e-ID login and the own case. The full e-service comes with its issue."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ekb.audit.log import record
from ekb.audit.models import Action
from ekb.cases.access import access_own_case
from ekb.eservice.session import client_required, log_in_client
from ekb.integrations.eid import DemoEid, EidUnavailable, demo_eid_enabled
from ekb.people.models import Person


def login(request):
    return render(request, "eservice/login.html", {"demo": demo_eid_enabled()})


def demo_eid(request):
    if not demo_eid_enabled():
        raise Http404
    provider = DemoEid()
    error = None
    if request.method == "POST":
        number = request.POST.get("person", "")
        try:
            identity = provider.verify(number)
        except EidUnavailable:
            error = "Välj en av demopersonerna i listan."
        else:
            person = Person.objects.get(identity_number=identity.identity_number)
            log_in_client(request, person.pk)
            record(action=Action.CLIENT_LOGIN, client_person_id=person.pk, person_id=person.pk)
            return redirect("eservice:home")
    persons = provider.demo_persons().filter(protected_identity=False)[:200]
    return render(request, "eservice/demo_eid.html", {"persons": persons, "error": error})


@client_required
def home(request):
    case = access_own_case(request.client_person_id)
    events = (
        case.events.filter(visible_to_client=True).order_by("-occurred_at", "-id")[:20]
        if case
        else []
    )
    return render(request, "eservice/home.html", {"case": case, "events": events})


@require_POST
def logout(request):
    request.session.flush()
    return redirect("/")
