import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of replacing CasePlaceholder by cases.Case: a second foreign key, filled by 0004."""

    dependencies = [
        ("monitoring", "0002_queue_indexes"),
        ("cases", "0002_defaults"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="case_file",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="cases.case"),
        ),
    ]
