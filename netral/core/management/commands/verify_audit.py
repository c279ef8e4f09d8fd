from django.core.management.base import BaseCommand, CommandError

from netral.core.audit import verify_chain


class Command(BaseCommand):
    help = "Memeriksa seluruh rantai hash jejak audit dan menyebut entri pertama yang rusak."

    def handle(self, *args, **options):
        checked, problem = verify_chain()
        if problem:
            seq, reason = problem
            raise CommandError(f"Rantai audit RUSAK pada entri #{seq}: {reason}. ({checked} entri sebelumnya utuh.)")
        self.stdout.write(self.style.SUCCESS(f"Rantai audit utuh: {checked} entri diperiksa."))
