"""Roster workflows across models: saving an employee (with unit moves), accounts, imports."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from netral.core import audit
from netral.core.models import Role
from netral.core.tabular import read_table
from netral.people import roster_import
from netral.people.accounts import AccountError, normalise_account
from netral.people.models import Employee, EmployeeMove, RosterImport, SocialAccount


class AccountConflict(Exception):
    """The account is already recorded for another employee. Shown to the user, never merged."""

    def __init__(self, existing, user):
        self.existing = existing
        owner = existing.employee
        # Staff see who holds it when that employee is in their scope; anyone else (a Pegawai,
        # or an owner in another unit) gets one message that names no person and no unit.
        if user.has_role(Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS, Role.OPERATOR) and user.can_see_unit(owner.unit):
            super().__init__(f"Akun {existing} sudah tercatat atas nama {owner.name} ({owner.unit}). Jika akun ini "
                             "memang berpindah pemilik, hapus dulu dari pemilik lama dengan alasan.")
        else:
            super().__init__(f"Akun {existing} tidak dapat dicatat untuk pegawai ini karena sudah tercatat atas "
                             "nama pegawai lain. Hubungi Tim Pengawas bila akun ini memang milik Anda.")


def save_employee(employee, user, note=""):
    """Save, recording a move when the unit changed."""
    with transaction.atomic():
        old_unit_id = None
        if employee.pk:
            old_unit_id = Employee.objects.filter(pk=employee.pk).values_list("unit_id", flat=True).first()
        employee.save()
        if old_unit_id and old_unit_id != employee.unit_id:
            EmployeeMove.objects.create(employee=employee, from_unit_id=old_unit_id, to_unit_id=employee.unit_id,
                                        moved_by=user, note=note[:255])
    return employee


def add_account(employee, platform, text, *, user, source, notes="", verified=False):
    """Attach an account (handle or URL) to an employee. Raises AccountError or AccountConflict."""
    platform, handle, url = normalise_account(platform, text)
    existing = SocialAccount.objects.current().filter(platform=platform, handle=handle).select_related(
        "employee__unit").first()
    if existing is not None:
        if existing.employee_id == employee.pk:
            raise AccountError(f"Akun {existing} sudah tercatat untuk pegawai ini.")
        raise AccountConflict(existing, user)
    try:
        with transaction.atomic():
            return SocialAccount.objects.create(employee=employee, platform=platform, handle=handle, profile_url=url,
                                                source=source, notes=notes, verified=verified, created_by=user)
    except IntegrityError:  # a concurrent request attached it first
        existing = SocialAccount.objects.current().get(platform=platform, handle=handle)
        raise AccountConflict(existing, user) from None


def remove_account(account, *, reason, user):
    reason = (reason or "").strip()
    if not reason:
        raise AccountError("Alasan penghapusan wajib diisi.")
    account.removed_at = timezone.now()
    account.removed_reason = reason[:255]
    account.save()
    return account


def execute_import(imp: RosterImport):
    """Run a queued import: validate (with progress), then write everything in one transaction."""
    user = imp.created_by
    with imp.file.open("rb") as fh:
        table = read_table(fh)
    total = len(table.rows)
    RosterImport.objects.filter(pk=imp.pk).update(progress_total=total)

    def progress(done, _total):
        RosterImport.objects.filter(pk=imp.pk).update(progress_done=done)

    with audit.acting_as(user):
        plan = roster_import.plan(table, imp.mapping, user, progress=progress)
        result = roster_import.apply(plan, user, note=f"#{imp.pk} {imp.original_name}")
    RosterImport.objects.filter(pk=imp.pk).update(
        status=RosterImport.Status.DONE, result=_jsonable_result(result), progress_done=total,
        finished_at=timezone.now())
    return result


def dry_run(imp: RosterImport):
    with imp.file.open("rb") as fh:
        table = read_table(fh)
    plan = roster_import.plan(table, imp.mapping, imp.created_by)
    data = {"summary": plan.summary(), "errors": plan.errors, "warnings": plan.warnings}
    imp.dry_run = _jsonable_result(data)
    imp.save(update_fields=["dry_run"])
    return data


def _jsonable_result(result):
    return {"summary": result["summary"],
            "errors": [[int(r), str(m)] for r, m in result["errors"]],
            "warnings": [[int(r), str(m)] for r, m in result["warnings"]]}
