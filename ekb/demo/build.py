"""Build the demo municipality: organisation, households, cases and 18 months of history.

Households are made in chunks: plan (pure Python, from the seed), calculate month by month with
the norm engine, turn into rows, write in bulk. The whole build is one transaction, so a failed
run leaves nothing behind, and one access-log row records it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from ekb.accounts.models import Municipality, User
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.demo import parameters
from ekb.demo.fas import add_phone_hours
from ekb.demo.households import HouseholdFactory
from ekb.demo.identity import IdentityNumbers, taken_test_numbers
from ekb.demo.organisation import create_organisation, staff_plan
from ekb.demo.reset import delete_demo
from ekb.demo.rows import RowMaker, new_writer

DEFAULT_SEED = 20260101
CHUNK = 2_000


class DemoError(Exception):
    """A reason not to build, in Swedish, for the person at the command line."""


@dataclass
class Summary:
    counts: dict[str, int]
    seconds: float


def demo_municipality() -> Municipality | None:
    return Municipality.objects.filter(code=parameters.load()["municipality"]["code"]).first()


def build_demo(
    *,
    households: int,
    seed: int = DEFAULT_SEED,
    as_of: dt.date,
    now: dt.datetime | None = None,
    reset: bool = False,
    progress: Callable[[str], None] = lambda line: None,
) -> Summary:
    """``now``: the moment of the build; nothing in the demo is dated after it (only the as-of
    date counts when it is None or later than the end of that day, so a past as-of date always
    gives the same demo)."""
    params = parameters.load()
    started = time.monotonic()
    with transaction.atomic():
        existing = demo_municipality()
        if existing and not existing.is_demo:
            raise DemoError(
                f"Kommunkoden {existing.code} används redan av en kommun som inte är demokommunen. "
                "Demon byggs inte."
            )
        if existing and not reset:
            raise DemoError(
                f"Demokommunen {existing.name} finns redan. Kör `ekb demo --reset` för att bygga om den "
                "(åtkomstloggen behålls)."
            )
        if existing:
            progress("Tar bort den gamla demokommunen (åtkomstloggen behålls) ...")
            delete_demo(existing)
        usernames = [s["username"] for s in staff_plan(params, households)]
        clash = User.objects.filter(username__in=usernames).count()
        if clash:
            raise DemoError(
                f"{clash} av demons användarnamn finns redan hos en annan kommun. Demon byggs inte."
            )

        org = create_organisation(params, seed=seed, as_of=as_of, households=households)
        progress(f"Kommun, {len(org.units)} enheter och {len(org.users)} medarbetare skapade.")
        phone_hours = add_phone_hours(org, params)
        factory = HouseholdFactory(
            params, seed=seed, as_of=as_of, numbers=IdentityNumbers(taken_test_numbers())
        )
        # Imported here: history pulls in the norm engine only when a build really runs.
        from ekb.demo.history import Planner
        from ekb.norm import HouseholdError

        planner = Planner(
            params, org, factory, seed=seed, as_of=as_of, households=households, now=now
        )
        writer = new_writer()
        maker = RowMaker(params, org, writer, seed=seed, as_of=as_of, now=now)
        for start in range(0, households, CHUNK):
            plans = [planner.plan(i) for i in range(start, min(households, start + CHUNK))]
            try:
                planner.calculate(plans)
            except HouseholdError as error:
                # The demo's own input is valid, so this is a month the engine has no
                # parameters for: say so in the user's terms.
                raise DemoError(
                    f"Normmotorn kan inte räkna demons månader: {error.message_sv} ({error.path}). "
                    "Välj ett --as-of där hela historiken har normparametrar."
                ) from error
            for plan in plans:
                maker.add(plan)
            writer.flush()
            done = min(households, start + CHUNK)
            progress(
                f"  {done:>9,} / {households:,} hushåll ({time.monotonic() - started:.0f} s)".replace(
                    ",", " "
                )
            )
        writer.finish()
        from ekb.demo.population import add_population_demo_households

        add_population_demo_households(org.municipality, as_of=as_of)
        record(
            action=Action.BUILD_DEMO,
            channel=Channel.CLI,
            detail={
                "households": households,
                "seed": seed,
                "as_of": as_of.isoformat(),
                "reset": bool(existing),
            },
        )
        counts = dict(maker.counts) | maker.fas.counts
        counts["phonehours"] = phone_hours
        counts["staff"] = len(org.users)
        for table in writer.tables:
            counts[table.model._meta.model_name] = table.written
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # Fold the write-ahead log back into the database file, so the file size is the truth.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Summary(counts, time.monotonic() - started)
