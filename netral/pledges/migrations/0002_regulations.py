from django.db import migrations


def load(apps, schema_editor):
    from netral.pledges.reference import REGULATIONS

    Regulation = apps.get_model("pledges", "Regulation")
    for data in REGULATIONS:
        data = dict(data)
        Regulation.objects.get_or_create(key=data.pop("key"), defaults=data)


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
