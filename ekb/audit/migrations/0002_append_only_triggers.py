"""Make the access log append-only in the database itself.

UPDATE is always refused. DELETE is refused unless a row exists in audit_retentionunlock, which
the retention run (gallring) inserts and removes inside its own transaction; other transactions
never see it. The same design works on SQLite and PostgreSQL.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
    """CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslogentry
       WHEN NOT EXISTS (SELECT 1 FROM audit_retentionunlock)
       BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete;",
]

POSTGRES = [
    """CREATE FUNCTION audit_accesslog_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_retentionunlock) THEN
           RETURN OLD;
         END IF;
         -- Truncating an empty log loses nothing (a test database being reset).
         IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM audit_accesslogentry) THEN
           RETURN NULL;
         END IF;
         RAISE EXCEPTION 'access log is append-only';
       END $$;""",
    """CREATE TRIGGER audit_accesslog_append_only BEFORE UPDATE OR DELETE ON audit_accesslogentry
       FOR EACH ROW EXECUTE FUNCTION audit_accesslog_guard();""",
    """CREATE TRIGGER audit_accesslog_no_truncate BEFORE TRUNCATE ON audit_accesslogentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslog_guard();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_truncate ON audit_accesslogentry;",
    "DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslogentry;",
    "DROP FUNCTION IF EXISTS audit_accesslog_guard();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
