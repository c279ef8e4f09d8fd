from django.db import migrations


def load_defaults(apps, schema_editor):
    from netral.cases.holidays import load

    load(apps.get_model("cases", "Holiday"), apps.get_model("cases", "SLARule"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
