"""Rotate the key-encryption key (KEK) of the reports: every data key is re-wrapped with a new
KEK; the sealed text and files stay as they are and stay readable.

With the KEK in a file (WHISTLE_KEK_FILE, or the laptop's generated file), the new key replaces
that file once every row is re-wrapped. With the KEK in the environment (WHISTLE_KEK), pass
--new-key-file: the new key is written there, and WHISTLE_KEK must then be changed to it
before the next start (until then the app cannot open the reports)."""

from django.core.management.base import BaseCommand, CommandError

from netral.whistle import actions, crypto


class Command(BaseCommand):
    help = "Merotasi kunci pembungkus (KEK) pengaduan: kunci data setiap pengaduan dibungkus ulang."

    def add_arguments(self, parser):
        parser.add_argument("--new-key-file", help="Tulis KEK baru ke berkas ini (wajib bila KEK dari WHISTLE_KEK).")

    def handle(self, *args, new_key_file=None, **options):
        old = crypto.kek()
        target = new_key_file or crypto.kek_path()
        if target is None:
            raise CommandError("KEK diambil dari variabel WHISTLE_KEK: sebutkan --new-key-file untuk KEK baru.")
        text = crypto.new_key_text()
        new = crypto._read_secret(text, None, None)
        # Write the new key first (beside the old one), then re-wrap, then swap: a failure at any
        # step leaves a key that opens every row.
        staging = f"{target}.new"
        crypto.write_key_file(staging, text)
        try:
            n = actions.rewrap_all(old, new)
        except crypto.KeyError_ as exc:
            raise CommandError(f"Rotasi dibatalkan, tidak ada yang diubah: {exc}") from exc
        import os

        os.replace(staging, target)
        self.stdout.write(self.style.SUCCESS(f"{n} pengaduan dibungkus ulang; KEK baru ({crypto.key_id(new)}) di {target}."))
        if crypto.kek_path() is None or str(crypto.kek_path()) != str(target):
            self.stdout.write("Ganti WHISTLE_KEK / WHISTLE_KEK_FILE ke KEK baru sebelum aplikasi dijalankan lagi.")
