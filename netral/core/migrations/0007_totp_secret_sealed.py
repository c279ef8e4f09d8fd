# TOTP secrets were stored in clear; from here on they are sealed with a key outside the database
# (core/totp.py). The column grows to hold the sealed form and every existing secret is sealed.

from django.db import migrations, models


def seal_secrets(apps, schema_editor):
    from netral.core import totp

    User = apps.get_model("core", "User")
    for pk, stored in User.objects.exclude(totp_secret="").values_list("pk", "totp_secret").iterator():
        if not totp.is_sealed(stored):
            User.objects.filter(pk=pk).update(totp_secret=totp.seal(stored, pk))


def unseal_secrets(apps, schema_editor):
    from netral.core import totp

    User = apps.get_model("core", "User")
    for pk, stored in User.objects.exclude(totp_secret="").values_list("pk", "totp_secret").iterator():
        if totp.is_sealed(stored):
            User.objects.filter(pk=pk).update(totp_secret=totp.unseal(stored, pk))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_security_2fa_login_history_access_log'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='totp_secret',
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.RunPython(seal_secrets, unseal_secrets),
    ]
