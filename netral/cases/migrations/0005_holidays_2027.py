from django.db import migrations


def load_2027(apps, schema_editor):
    # Only the new year's rows: a holiday an Admin deleted from an earlier year stays deleted.
    from netral.cases.holidays import load

    load(apps.get_model("cases", "Holiday"), years={2027})


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_list_index")]
    operations = [migrations.RunPython(load_2027, migrations.RunPython.noop)]
