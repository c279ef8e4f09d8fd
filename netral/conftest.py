import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Uploaded files go to a per-test folder; tasks run inline so tests see their effects.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_HEAD_DIR = str(tmp_path / "audit-heads")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
