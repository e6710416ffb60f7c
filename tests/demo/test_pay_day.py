"""With the demo's staff (one section manager per unit) a pay day is prepared by the system,
attested by each unit's manager and made into files: no run waits forever for an attest."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command

from ekb.accounts.models import User
from ekb.demo.casework import configure
from ekb.payments.attest import attest_verdict
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment, PaymentRun
from tests.demo.conftest import AS_OF


def test_a_demo_pay_day_is_prepared_attested_by_each_units_manager_and_filed(
    demo, client, time_machine, tmp_path
):
    time_machine.move_to(dt.datetime(2026, 9, 15, 8, tzinfo=ZoneInfo("Europe/Stockholm")))
    configure(demo)
    planned = Payment.objects.filter(
        case__municipality=demo, status=PaymentStatus.PLANNED, pay_date__gte=AS_OF
    )
    pay_date = planned.order_by("pay_date").values_list("pay_date", flat=True).first()
    assert pay_date is not None
    date = pay_date.isoformat()
    call_command(
        "payments", "prepare", "--date", date, "--municipality", demo.code, stdout=StringIO()
    )
    runs = list(PaymentRun.objects.filter(municipality=demo, pay_date=pay_date))
    assert runs and len({run.unit_id for run in runs}) == len(runs)  # one run per unit

    url = f"/handlaggare/utbetalningar/?datum={date}"
    for run in runs:
        manager = User.objects.get(username=f"chef.{run.unit.code}")
        assert attest_verdict(run, manager).allowed, attest_verdict(run, manager).reason
        client.force_login(manager)
        page = client.get(url).content.decode()
        assert f"Attestera {run.message_id}" in page
        others = [r for r in runs if r.unit_id != run.unit_id]
        assert not any(r.message_id in page for r in others)  # no other unit's run or sum
        post = {"datum": date, "run": run.pk}
        assert client.post(url, {**post, "steg": "attest"}).status_code == 302
        assert client.post(url, {**post, "steg": "file"}).status_code == 302
        client.logout()

    printed = StringIO()
    call_command(
        "payments",
        "run",
        "--date",
        date,
        "--municipality",
        demo.code,
        "--out",
        str(tmp_path / "fil.xml"),
        stdout=printed,
    )
    assert printed.getvalue().count("befintlig betalfil") == len(runs)
    assert not PaymentRun.objects.filter(municipality=demo, file_made_at__isnull=True).exists()
    assert not planned.filter(pay_date=pay_date, sent_at__isnull=True).exists()
