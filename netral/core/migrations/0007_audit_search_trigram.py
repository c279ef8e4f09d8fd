"""Trigram indexes (PostgreSQL's pg_trgm) for the audit page's text searches.

`object_repr__icontains`, `note__icontains` and `actor_name__icontains` are `UPPER(col::text) LIKE UPPER('%q%')`:
no B-tree serves a match in the middle of a value, so on a large log every search read the whole table. A GIN
trigram index on the same expression does. PostgreSQL only (SQLite has no pg_trgm; its tables are small); the
indexes are not in the models' Meta, so Django never tries to create them on SQLite.
"""

from django.db import migrations

INDEXES = {
    "audit_repr_trgm": "object_repr",
    "audit_note_trgm": "note",
    "audit_actor_trgm": "actor_name",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON core_auditentry USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("core", "0006_security_2fa_login_history_access_log")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
