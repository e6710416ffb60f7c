"""Ids from outside (a URL, a form, a query string), read one way: a number the database's key
column can hold, or nothing. Every primary key is a BigAutoField (DEFAULT_AUTO_FIELD), a signed
64-bit integer; a larger number is an object that cannot exist (404), never an overflow (500)."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # BigAutoField: bigint on PostgreSQL, integer (8 bytes) on SQLite


def parse_id(raw) -> int | None:
    """The id in `raw`, or None when it is not a positive integer the database can hold."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw if raw is not None else "").strip()
        if not text.isascii() or not text.isdigit() or len(text) > 19:
            return None
        value = int(text)
    return value if 1 <= value <= MAX_ID else None


class IdConverter:
    """`<id:case_id>` in a URL: like `<int:...>`, but a number above the key column's range
    does not match, so the URL is a 404 before any view or query sees it."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        parsed = parse_id(value)
        if parsed is None:
            raise ValueError(value)  # the resolver tries the next pattern, then 404
        return parsed

    def to_url(self, value) -> str:
        return str(value)
