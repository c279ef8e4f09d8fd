"""A trigram index (PostgreSQL's pg_trgm) for the employee list's name search (`name__icontains`, i.e.
`UPPER(name::text) LIKE UPPER('%q%')`), which read all 100,000 rows of a ministry's roster on every search.
PostgreSQL only; see core/migrations/0007_audit_search_trigram.py.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS employee_name_trgm ON people_employee USING gin ((UPPER("name"::text)) gin_trgm_ops)')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS employee_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_merge_20261201_2156"), ("core", "0007_audit_search_trigram")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
