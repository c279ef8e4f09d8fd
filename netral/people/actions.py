"""Roster workflows across models: saving an employee (with unit moves), accounts, imports."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from netral.core import audit
from netral.core.models import Role, User
from netral.core.tabular import Table, read_table
from netral.people import roster_import
from netral.people.accounts import AccountError, normalise_account
from netral.people.models import (AccountRemovalRequest, Employee, EmployeeMove, LoginActivation, RosterImport,
                                  SocialAccount)


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


REVIEWERS = (Role.ADMIN, Role.PENGAWAS)


def remove_account(account, *, reason, user):
    """Remove an account, or ask for it to be removed.

    An employee's own declaration, or any account when the user is Tim Pengawas/Admin in scope,
    is removed at once. An account the team found or an import brought, removed by anyone else
    (the employee, an operator), becomes an `AccountRemovalRequest` for the team to review.
    Returns the account (removed) or the request. Raises AccountError."""
    reason = (reason or "").strip()
    if not reason:
        raise AccountError("Alasan penghapusan wajib diisi.")
    reviewer = user.has_role(*REVIEWERS) and user.can_see_unit(account.employee.unit)
    if account.source != SocialAccount.Source.DECLARED and not reviewer:
        return request_removal(account, reason=reason, user=user)
    account.removed_at = timezone.now()
    account.removed_reason = reason[:255]
    account.save()
    return account


def parsed_table(imp: RosterImport) -> Table:
    """The table parsed at upload; an import stored before tables were kept is parsed (once) and stored now."""
    if imp.table is None:
        with imp.file.open("rb") as fh:
            table = read_table(fh)
        imp.table = table.to_json()
        RosterImport.objects.filter(pk=imp.pk).update(table=imp.table)
        return table
    return Table.from_json(imp.table)


def request_removal(account, *, reason, user):
    if account.removal_requests.filter(status=AccountRemovalRequest.Status.PENDING).exists():
        raise AccountError(f"Permintaan penghapusan akun {account} sudah menunggu telaah Tim Pengawas.")
    try:
        with transaction.atomic():
            return AccountRemovalRequest.objects.create(account=account, reason=reason[:255], requested_by=user)
    except IntegrityError:  # a second click racing the first
        raise AccountError(f"Permintaan penghapusan akun {account} sudah menunggu telaah Tim Pengawas.") from None


def decide_removal(req, *, approve, reason, user):
    """Tim Pengawas/Admin approves (the account is removed) or rejects (it stays) a request."""
    reason = (reason or "").strip()
    if not reason:
        raise AccountError("Alasan keputusan wajib diisi.")
    with transaction.atomic():
        claimed = AccountRemovalRequest.objects.filter(pk=req.pk, status=AccountRemovalRequest.Status.PENDING)
        if not claimed.select_for_update().exists():
            raise AccountError("Permintaan ini sudah diputuskan.")
        req.status = AccountRemovalRequest.Status.APPROVED if approve else AccountRemovalRequest.Status.REJECTED
        req.decided_by, req.decided_at, req.decision_reason = user, timezone.now(), reason[:255]
        req.save()
        if approve:
            account = req.account
            if account.removed_at is None:
                account.removed_at = req.decided_at
                account.removed_reason = req.reason
                account.save()
    return req


def execute_import(imp: RosterImport):
    """Run a queued import: validate (with progress), then write everything in one transaction."""
    user = imp.created_by
    table = parsed_table(imp)
    total = len(table.rows)
    RosterImport.objects.filter(pk=imp.pk).update(progress_total=total)

    def progress(done, _total):
        RosterImport.objects.filter(pk=imp.pk).update(progress_done=done)

    with audit.acting_as(user):
        plan = roster_import.plan(table, imp.mapping, user, progress=progress)
        result = roster_import.apply(plan, user, note=f"#{imp.pk} {imp.original_name}")
    RosterImport.objects.filter(pk=imp.pk).update(
        table=None,  # served its purpose; the file and the result stay
        status=RosterImport.Status.DONE, result=_jsonable_result(result), progress_done=total,
        finished_at=timezone.now())
    return result


def dry_run(imp: RosterImport, table=None):
    table = table or parsed_table(imp)
    plan = roster_import.plan(table, imp.mapping, imp.created_by)
    data = {"summary": plan.summary(), "errors": plan.errors, "warnings": plan.warnings, "columns": plan.columns}
    imp.dry_run = _jsonable_result(data)
    imp.save(update_fields=["dry_run"])
    return data


def _jsonable_result(result):
    return {"summary": result["summary"],
            "errors": [[int(r), str(m)] for r, m in result["errors"]],
            "warnings": [[int(r), str(m)] for r, m in result["warnings"]],
            "columns": {str(r): str(c) for r, c in (result.get("columns") or {}).items()}}


# --- Logins for employees --------------------------------------------------------------------------


def _hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _username_for(employee):
    base = (employee.nip or employee.internal_id or employee.nik or f"pegawai{employee.pk}").strip().lower()
    base = "".join(ch for ch in base if ch.isalnum() or ch in "._-")[:140] or f"pegawai{employee.pk}"
    name, n = base, 1
    # A taken name gets a numbered suffix; nothing tells whose it is.
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@dataclass
class IssuedLogin:
    employee: Employee
    user: User
    token: str
    created: bool


def issue_logins(employees, *, user):
    """Create Pegawai logins for employees in the user's scope, with a one-time activation link each.

    An employee without a login gets one (role Pegawai, their unit, no usable password). One whose
    login was never activated gets a fresh link (older unused links stop working). Employees who
    already set a password, inactive employees and anything outside the user's scope are skipped.
    Returns ([IssuedLogin], skipped count). The raw tokens exist only in the return value."""
    days = getattr(settings, "LOGIN_ACTIVATION_DAYS", 14)
    now = timezone.now()
    in_scope = Employee.objects.for_user(user).filter(pk__in=[e.pk for e in employees], is_active=True)
    issued, skipped = [], len(employees) - in_scope.count()
    with transaction.atomic(), audit.acting_as(user):
        for emp in in_scope.select_related("unit", "user").select_for_update(of=("self",)).order_by("unit__path",
                                                                                                     "name"):
            login, created = emp.user, False
            if login is not None and (login.has_usable_password() or not login.is_active):
                skipped += 1
                continue
            if login is None:
                login = User(username=_username_for(emp), role=Role.PEGAWAI, unit=emp.unit,
                             first_name=emp.name[:150], email=emp.email)
                login.set_unusable_password()
                login.save()
                emp.user = login
                emp.save(update_fields=["user", "updated_at"])
                created = True
            LoginActivation.objects.filter(user=login, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
            token = secrets.token_urlsafe(24)
            LoginActivation.objects.create(user=login, token_hash=_hash_token(token), created_by=user,
                                           expires_at=now + timedelta(days=days))
            issued.append(IssuedLogin(emp, login, token, created))
    return issued, skipped


def activation_for(token):
    """The usable activation of a token, or None (unknown, used, expired, login deactivated)."""
    if not token or len(token) > 100:
        return None
    act = LoginActivation.objects.select_related("user").filter(token_hash=_hash_token(token)).first()
    return act if act is not None and act.usable else None


def activate(activation, password):
    """Set the password and spend the link; refuses a second use even when two requests race."""
    with transaction.atomic():
        spent = LoginActivation.objects.filter(pk=activation.pk, used_at__isnull=True).update(used_at=timezone.now())
        if not spent:
            return False
        user = activation.user
        user.set_password(password)
        user.save()
    return True
