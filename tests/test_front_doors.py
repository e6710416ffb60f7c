"""The front doors (web workspace, web e-service, API) reach data only through the domain.

Secrecy is decided in one place per object type (``ekb/<app>/access.py`` and the domain's read
functions): a view that queries a model itself can skip the access rule and the access log
without anyone noticing. This test reads every module of the front doors and lists each call
that queries a model directly (``Model.objects...``) or walks a reverse relation of a domain
object (``case.decisions.filter(...)``). The lists below are what is still allowed; they must
equal what the code does, so a new direct query fails here, and a query moved into the domain
must also be struck from the list (the lists only shrink; issue 10 ends with both empty).
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
FRONT_DOORS = ("ekb/workspace", "ekb/eservice", "ekb/api")
QUERY_METHODS = frozenset(
    {
        "filter", "exclude", "get", "update", "select_related", "prefetch_related", "order_by",
        "annotate", "values_list", "values", "count", "exists", "first", "last", "all",
        "create", "delete", "distinct", "aggregate", "get_or_create", "update_or_create",
        "none", "bulk_create",
    }
)  # fmt: skip

# (module, function): Model.objects queries still made in a front door.
OBJECTS_ALLOWED: set[tuple[str, str]] = set()


def _reverse_accessors() -> frozenset[str]:
    """The names of the reverse relations of the domain's models (``case.decisions`` ...)."""
    names = {"members"}
    domain = [
        config
        for config in apps.get_app_configs()
        if config.name.startswith("ekb.") and config.name.replace(".", "/") not in FRONT_DOORS
    ]  # every room, also one added later
    for config in domain:
        for model in config.get_models():
            for rel in model._meta.related_objects:
                names.add(rel.get_accessor_name())
    return frozenset(names)


def _chain(node: ast.AST) -> list[str]:
    names = []
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            node = node.value
    return list(reversed(names))


def _direct_queries() -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """(module, function) of ``.objects`` queries, and (module, function, relation) of
    reverse-relation queries, in the front doors."""
    accessors = _reverse_accessors()
    objects: set[tuple[str, str]] = set()
    related: set[tuple[str, str, str]] = set()
    for door in FRONT_DOORS:
        for path in sorted((ROOT / door).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for call in ast.walk(function):
                    if not (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr in QUERY_METHODS
                    ):
                        continue
                    chain = _chain(call.func.value)
                    if "objects" in chain:
                        objects.add((module, function.name))
                    elif chain and chain[-1] in accessors and chain[-1] != "objects":
                        related.add((module, function.name, chain[-1]))
    return objects, related


def test_no_front_door_queries_a_model_directly_outside_the_allow_list():
    objects, _ = _direct_queries()
    assert objects - OBJECTS_ALLOWED == set(), "a front door queries a model itself: use a door"
    assert OBJECTS_ALLOWED - objects == set(), "moved into the domain: strike it from the list"


def test_the_reverse_relations_a_front_door_walks_are_known():
    _, related = _direct_queries()
    assert related - RELATED_ALLOWED == set(), "a front door walks a relation: use a read function"
    assert RELATED_ALLOWED - related == set(), "moved into the domain: strike it from the list"


# (module, function, relation): reverse relations of an object fetched through a door, still
# walked in a front door; each should become a read function of the domain.
RELATED_ALLOWED = {
    ("ekb/api/eservice.py", "appeal", "appeals"),
    ("ekb/api/eservice.py", "case_events_document", "events"),
    ("ekb/api/eservice.py", "decision_out", "appeals"),
    ("ekb/api/eservice.py", "decision_out", "lines"),
    ("ekb/api/eservice.py", "decision_out", "notifications"),
    ("ekb/api/eservice.py", "my_messages", "messages"),
    ("ekb/api/eservice.py", "supplement_out", "attachments"),
    ("ekb/api/handling.py", "application_detail", "lines"),
    ("ekb/api/handling.py", "application_detail", "warnings"),
    ("ekb/api/handling.py", "decision_out", "lines"),
    ("ekb/api/household.py", "list_members", "members"),
    ("ekb/api/register_proposals.py", "list_register_proposals", "register_proposals"),
    ("ekb/api/support_history.py", "remove_earlier_support", "earlier_support"),
    ("ekb/api/views.py", "case_summary", "applications"),
    ("ekb/api/views.py", "case_summary", "members"),
    ("ekb/eservice/views.py", "_decision_context", "appeals"),
    ("ekb/eservice/views.py", "_decision_context", "lines"),
    ("ekb/eservice/views.py", "conversation", "messages"),
    ("ekb/eservice/views.py", "home", "decisions"),
    ("ekb/eservice/views.py", "home", "messages"),
    ("ekb/eservice/views.py", "home", "payments"),
    ("ekb/eservice/views.py", "home", "supplement_requests"),
    ("ekb/eservice/views.py", "supplement", "attachments"),
    ("ekb/workspace/handling.py", "_application_context", "decisions"),
    ("ekb/workspace/handling.py", "_application_context", "lines"),
    ("ekb/workspace/handling.py", "_application_context", "supplement_requests"),
    ("ekb/workspace/handling.py", "_application_context", "warnings"),
    ("ekb/workspace/handling.py", "decide", "decisions"),
    ("ekb/workspace/household.py", "_members", "members"),
    ("ekb/workspace/household.py", "household", "applications"),
    ("ekb/workspace/support_history.py", "remove_earlier_support", "earlier_support"),
}
