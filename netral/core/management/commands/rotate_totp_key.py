from django.core.management.base import BaseCommand, CommandError

from netral.core import totp
from netral.core.models import User


class Command(BaseCommand):
    help = ("Menyegel ulang setiap rahasia TOTP dengan kunci TOTP saat ini (NETRAL_TOTP_KEY / NETRAL_TOTP_KEY_FILE). "
            "Kunci lama harus tercantum di NETRAL_TOTP_OLD_KEYS selama perintah ini berjalan.")

    def handle(self, *args, **options):
        done, failed = 0, []
        for pk, stored in User.objects.exclude(totp_secret="").values_list("pk", "totp_secret").iterator():
            if not totp.needs_reseal(stored):
                continue
            try:
                plain = totp.unseal(stored, pk) if totp.is_sealed(stored) else stored
            except totp.SealError as exc:
                failed.append(f"#{pk}: {exc}")
                continue
            # Conditional: a secret changed meanwhile (re-enrolment) is left to its new value.
            done += User.objects.filter(pk=pk, totp_secret=stored).update(totp_secret=totp.seal(plain, pk))
        self.stdout.write(f"{done} rahasia TOTP disegel ulang dengan kunci saat ini.")
        if failed:
            for line in failed:
                self.stdout.write(self.style.ERROR(line))
            raise CommandError(f"{len(failed)} rahasia TOTP tidak dapat dibuka: tambahkan kunci lamanya ke "
                               "NETRAL_TOTP_OLD_KEYS, atau reset 2FA pengguna itu.")
