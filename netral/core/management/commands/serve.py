"""One command for a laptop: the web server, the task worker and the scheduler together."""

import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from netral.core import demo


class Command(BaseCommand):
    help = "Menjalankan server web bersama worker tugas (db_worker) dan penjadwal."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, addrport, no_worker=False, no_scheduler=False, **options):
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        # Refuse a busy port before anything starts, so a failed start leaves no worker or
        # scheduler running behind it.
        check_port_free(host)
        manage = [sys.executable, os.path.join(settings.BASE_DIR, "manage.py")]
        children = []
        if not no_worker:
            if settings.TASKS_BACKEND == "db":
                children.append(subprocess.Popen(manage + ["db_worker", "--no-reload", "--interval", "1"]))
            else:
                self.stdout.write(f"TASKS_BACKEND={settings.TASKS_BACKEND}: worker tidak dijalankan oleh serve.")
        if not no_scheduler:
            children.append(subprocess.Popen(manage + ["scheduler"]))

        self.stdout.write(self.style.SUCCESS(f"\nNetral berjalan di http://{host}/"))
        self.stdout.write(f"Akun contoh (kata sandi: {demo.DEMO_PASSWORD}):")
        for username, first, last, role, unit in demo.USERS:
            self.stdout.write(f"  {username:<20} {role:<10} {unit}")
        self.stdout.write("Tekan Ctrl+C untuk berhenti.\n")

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.terminate()
            deadline = time.time() + 5
            for child in children:
                try:
                    child.wait(max(0.1, deadline - time.time()))
                except subprocess.TimeoutExpired:
                    child.kill()

        signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
        try:
            call_command("runserver", host, use_reloader=False, insecure_serving=True)
        finally:
            stop()


def check_port_free(host):
    name, _, port = host.rpartition(":")
    name = name.strip("[]") or "127.0.0.1"
    try:
        port = int(port)
    except ValueError:
        raise CommandError(f"Alamat tidak valid: {host!r} (contoh: 127.0.0.1:8000).") from None
    family = socket.AF_INET6 if ":" in name else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((name, port))
        except OSError as exc:
            raise CommandError(
                f"Port {port} di {name} sudah dipakai program lain ({exc.strerror}). Hentikan program itu atau "
                f"jalankan di port lain, misalnya: make run ADDR=127.0.0.1:8001"
            ) from None
