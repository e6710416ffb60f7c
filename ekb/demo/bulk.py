"""Fast inserts for the demo: COPY on PostgreSQL, executemany on SQLite, ids assigned here.

The demo writes millions of rows, so it skips the ORM's per-object work: rows are plain tuples in
a fixed column order, and ids are handed out from a block reserved at the start, so a child row
can name its parent without a round trip. Ids continue after the highest ever used (the SQLite
sequence, the PostgreSQL identity sequence) and are never reused after a reset, because the
access log names cases and persons by id.

The build runs in one transaction. On PostgreSQL the tables written to are locked against other
writers for its length (readers are not blocked), so nobody else can take an id from the block.
"""

# Table names in the SQL come from the models, values always go as parameters.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import json

from django.db import connection

FLUSH_ROWS = 50_000


def _json_default(value):
    return str(value)  # Decimal amounts in snapshots: as exact decimal strings


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


class Table:
    def __init__(self, model, columns: tuple[str, ...]):
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise RuntimeError(
                f"The demo writes {sorted(unknown)} to {model._meta.db_table}, which the model no "
                "longer has; update ekb/demo/rows.py."
            )
        # Columns added to the model since the demo was written get their default value, so that
        # an additive model change does not break the demo; a new required column does.
        extra = []
        for column, f in fields.items():
            if column in columns:
                continue
            if not (f.null or f.has_default()):
                raise RuntimeError(
                    f"{model._meta.db_table}.{column} is required and the demo does not fill it; "
                    "update ekb/demo/rows.py."
                )
            value = f.get_default() if f.has_default() else None
            extra.append((column, dumps(value) if isinstance(value, dict | list) else value))
        self.model = model
        self.name = model._meta.db_table
        self.columns = tuple(columns) + tuple(column for column, _ in extra)
        self.defaults = tuple(value for _, value in extra)
        self.rows: list[tuple] = []
        self.next_id = 0
        self.first_id = 0
        self.written = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.defaults if self.defaults else row)


class BulkWriter:
    def __init__(self, specs: list[tuple[object, tuple[str, ...]]]):
        """specs: (model, columns) in the order parents before children."""
        self.vendor = connection.vendor
        self.tables = [Table(model, columns) for model, columns in specs]
        self.by_model = {t.model: t for t in self.tables}
        with connection.cursor() as cursor:
            for table in self.tables:
                table.first_id = table.next_id = self._first_free_id(cursor, table.name)
            if self.vendor == "postgresql":
                # Check foreign keys at the end of each statement instead of at commit, so that
                # millions of pending checks do not pile up in memory; rows are flushed parents first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def __getitem__(self, model) -> Table:
        return self.by_model[model]

    def _first_free_id(self, cursor, table: str) -> int:
        if self.vendor == "postgresql":
            cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'id'))")
            return cursor.fetchone()[0]
        cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        return max(highest, row[0] if row else 0) + 1

    # Values in the form each database takes them fastest.
    def ts(self, value: dt.datetime | None):
        if value is None or self.vendor == "postgresql":
            return value
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")

    def js(self, value) -> str:
        return dumps(value)

    def flush(self) -> None:
        with connection.cursor() as cursor:
            for table in self.tables:
                if table.rows:
                    self._write(cursor, table)
                    table.written += len(table.rows)
                    table.rows = []

    def _write(self, cursor, table: Table) -> None:
        columns = ", ".join(f'"{c}"' for c in table.columns)
        if self.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in table.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in table.columns)
            raw = cursor.cursor  # the sqlite3 cursor: ? placeholders, no per-row formatting
            raw.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', table.rows)

    def finish(self) -> None:
        """Flush what is left and move the id sequences past the ids used."""
        self.flush()
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT sequence follows the highest id inserted
        with connection.cursor() as cursor:
            for table in self.tables:
                if table.next_id > table.first_id:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), %s)",
                        [table.next_id - 1],
                    )
