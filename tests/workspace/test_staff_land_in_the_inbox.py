"""Staff start the working day in the inbox: also when they log in from the workspace's own
address (/handlaggare/ asks for the login with itself as "next"). The section manager's panels
stay one link away."""

from __future__ import annotations

from tests.factories import PASSWORD
from tests.personas import staff_log_in


def test_logging_in_from_the_workspace_address_lands_in_the_inbox(client, org):
    to_login = client.get("/handlaggare/")
    assert to_login.status_code == 302 and "next=/handlaggare/" in to_login["Location"]
    response = client.post(
        "/handlaggare/logga-in/?next=/handlaggare/",
        {"username": "anna", "password": PASSWORD, "next": "/handlaggare/"},
    )
    assert response.status_code == 302 and response["Location"] == "/handlaggare/inkorg/"


def test_a_login_for_another_page_still_goes_there(client, org, karin):
    wanted = f"/handlaggare/arenden/{karin.case.pk}/"
    response = client.post(
        "/handlaggare/logga-in/", {"username": "anna", "password": PASSWORD, "next": wanted}
    )
    assert response["Location"] == wanted


def test_the_managers_inbox_leads_to_her_units_panels(client, org, karin):
    staff_log_in(client, "cecilia")
    inbox = client.get("/handlaggare/inkorg/").content.decode()
    assert 'href="/handlaggare/#enhetens-oversikt"' in inbox
    home = client.get("/handlaggare/").content.decode()
    assert 'id="enhetens-oversikt"' in home and "Beslut som väntar på dig" in home


def test_a_caseworkers_inbox_has_no_link_to_manager_panels(client, org):
    staff_log_in(client, "anna")
    assert "#enhetens-oversikt" not in client.get("/handlaggare/inkorg/").content.decode()
