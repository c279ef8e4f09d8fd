from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The login throttle lives in the cache; with the default database cache its table must
    # exist before the first login, so `migrate` creates it (a no-op for Redis).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_head")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
