"""Ship the 2024 calendars (Pemilu 2024, PKPU 3/2022; Pilkada 2024, PKPU 2/2024), the 2024 parties
and the presidential pairs, so that every install has them. Idempotent; reverse is a no-op so
that user edits are never thrown away."""

from django.db import migrations


def load(apps, schema_editor):
    from netral.elections.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
