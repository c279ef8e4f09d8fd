"""One command for a laptop: the web server, the task worker and the scheduler together."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from netral.core import demo


class Command(BaseCommand):
    help = "Menjalankan server web bersama worker tugas (db_worker) dan penjadwal."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, addrport, no_worker=False, no_scheduler=False, **options):
        manage = [sys.executable, os.path.join(settings.BASE_DIR, "manage.py")]
        children = []
        if not no_worker:
            if settings.TASKS_BACKEND == "db":
                children.append(subprocess.Popen(manage + ["db_worker", "--no-reload", "--interval", "1"]))
            else:
                self.stdout.write(f"TASKS_BACKEND={settings.TASKS_BACKEND}: worker tidak dijalankan oleh serve.")
        if not no_scheduler:
            children.append(subprocess.Popen(manage + ["scheduler"]))

        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
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
