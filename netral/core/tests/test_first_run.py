"""`make run` is a safe first run: no debug pages unless asked, a local secret key, a busy port refused early."""

import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def _settings_in_subprocess(tmp_path, code, **env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="netral.settings", VAR_DIR=str(tmp_path / "var"), **env_extra)
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings;" + code],
                          env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)


def test_it_has_debug_off_unless_asked(tmp_path):
    p = _settings_in_subprocess(tmp_path, "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)")
    assert p.returncode == 0, p.stderr
    # Off by default; a laptop run (local hosts only) stays on plain HTTP.
    assert p.stdout.split() == ["False", "False"]
    p = _settings_in_subprocess(tmp_path, "print(settings.DEBUG)", DEBUG="true")
    assert p.stdout.strip() == "True"


def test_it_generates_a_secret_key_once_and_keeps_it(tmp_path):
    first = _settings_in_subprocess(tmp_path, "print(settings.SECRET_KEY)")
    second = _settings_in_subprocess(tmp_path, "print(settings.SECRET_KEY)")
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and key == second.stdout.strip()
    path = tmp_path / "var" / "secret_key"
    assert path.read_text().strip() == key
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    # The environment wins over the file.
    env_key = _settings_in_subprocess(tmp_path, "print(settings.SECRET_KEY)", SECRET_KEY="dari-lingkungan-" + "x" * 40)
    assert env_key.stdout.strip().startswith("dari-lingkungan-")


def test_it_secures_cookies_for_a_real_host(tmp_path):
    p = _settings_in_subprocess(tmp_path, "print(settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)",
                                ALLOWED_HOSTS="netral.contoh.go.id")
    assert p.stdout.split() == ["True", "True"]


@pytest.mark.django_db
def test_it_shows_a_friendly_404_without_the_url_list(client):
    r = client.get("/tidak-ada-halaman-ini/")
    assert r.status_code == 404
    body = r.content.decode()
    assert "URLconf" not in body and "Using the URLconf" not in body
    assert "Halaman tidak ditemukan" in body or "tidak ditemukan" in body


def test_it_refuses_a_busy_port_before_starting_anything():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        before = subprocess.run(["pgrep", "-f", "db_worker"], capture_output=True, text=True).stdout
        with pytest.raises(CommandError, match="sudah dipakai"):
            call_command("serve", f"127.0.0.1:{port}")
        after = subprocess.run(["pgrep", "-f", "db_worker"], capture_output=True, text=True).stdout
    # No worker was started behind the failed start.
    assert after == before


def test_it_refuses_a_malformed_address():
    with pytest.raises(CommandError, match="Alamat tidak valid"):
        call_command("serve", "127.0.0.1:delapanribu")
