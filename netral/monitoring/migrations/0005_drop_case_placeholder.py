import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3: the findings point at cases.Case under the old name; the placeholder is gone."""

    dependencies = [("monitoring", "0004_placeholders_to_cases")]

    operations = [
        migrations.RemoveField(model_name="finding", name="case"),
        migrations.DeleteModel(name="CasePlaceholder"),
        migrations.RenameField(model_name="finding", old_name="case_file", new_name="case"),
        migrations.AlterField(
            model_name="finding",
            name="case",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="findings", to="cases.case"),
        ),
    ]
