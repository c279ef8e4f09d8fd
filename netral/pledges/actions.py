"""Pembinaan workflows across models: pact generation, PDFs and QR codes, coverage, reminders,
attendance (check-in and import), task-force membership."""

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from netral.core import audit, imports
from netral.core.dates import DOCUMENT_LANGUAGE
from netral.core.models import OrgUnit, Role, User
from netral.core.tabular import Table
from netral.people.models import Employee, EmploymentType
from netral.people.nip import clean_nip
from netral.pledges.models import (
    Attendance, Event, IntegrityPact, PactGeneration, PactTemplate, TaskForceMember, sha256_text, tanggal_id,
)

BATCH = 500
REMINDER_DAYS_BEFORE_CAMPAIGN = 14  # the scheduler chases unsigned pacts in these last days
REMINDER_MIN_INTERVAL = timedelta(hours=20)  # never more than one reminder a day per pact
CHECKIN_SALT = "netral.pledges.checkin"

# WeasyPrint logs every rendering step at INFO; keep the console for real problems.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


# --- Pact generation ------------------------------------------------------------------------------

def generate_pacts(template, progress=None):
    """Create the pending pact (frozen text, its hash, a verification code) of every active
    employee under the template's unit who has no current pact for the election yet.
    Safe to run twice. PDFs are not made here: they are rendered on demand from the frozen text."""
    employees = template.employees().select_related("unit").order_by("pk")
    have = set(IntegrityPact.objects.current().filter(election=template.election_id)
               .values_list("employee_id", flat=True))
    todo = [e for e in employees if e.pk not in have]
    total, created = len(todo), 0
    if progress:
        progress(0, total)
    for start in range(0, total, BATCH):
        rows = []
        for e in todo[start:start + BATCH]:
            text = template.render_for(e)
            rows.append(IntegrityPact(template=template, election_id=template.election_id, employee=e, text=text,
                                      text_sha256=sha256_text(text)))
        try:
            with transaction.atomic():
                IntegrityPact.objects.bulk_create(rows)
                created += len(rows)
        except IntegrityError:  # someone else generated part of it concurrently: go one by one
            for row in rows:
                try:
                    with transaction.atomic():
                        row.save()
                        created += 1
                except IntegrityError:
                    pass
        if progress:
            progress(min(start + BATCH, total), total)
    audit.record("event", model="pledges.pacttemplate", object_pk=template.pk, object_repr=str(template),
                 unit_path=template.unit.path, note=f"{created} pakta dibuat", after={"created": created})
    return created


def run_generation(gen_id):
    claimed = PactGeneration.objects.filter(pk=gen_id, status=PactGeneration.Status.QUEUED).update(
        status=PactGeneration.Status.RUNNING, progress_done=0)
    if not claimed:
        return "skipped"
    gen = PactGeneration.objects.select_related("template__unit", "template__election", "created_by").get(pk=gen_id)

    def progress(done, total):
        PactGeneration.objects.filter(pk=gen_id).update(progress_done=done, progress_total=total)

    with audit.acting_as(gen.created_by or "sistem"):
        created = generate_pacts(gen.template, progress=progress)
    PactGeneration.objects.filter(pk=gen_id).update(status=PactGeneration.Status.DONE, created=created,
                                                    finished_at=timezone.now())
    return "done"


# --- PDF and QR -------------------------------------------------------------------------------

def qr_svg(data, box=10):
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=box, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode("utf-8")


def verify_url(pact):
    return settings.SITE_ROOT.rstrip("/") + reverse("pact_verify", args=[pact.code])


def pact_pdf(pact):
    """The pact as PDF bytes, rendered from the frozen text (deterministic content)."""
    return pact_document(pact).write_pdf()


def pact_document(pact):
    """The laid-out pact (WeasyPrint document: its `pages` say where the page breaks fell).

    A signed legal document: its place, date and wording stay Indonesian whatever the reader's
    interface language."""
    import base64

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from netral.core.models import office_for

    qr = base64.b64encode(qr_svg(verify_url(pact), box=4).encode()).decode()
    office = office_for(pact.employee.unit)
    # Dated where and when it was signed (a pending pact leaves the date open), not when the
    # template was written.
    place = pact.template.place or office.city
    signed_on = tanggal_id(timezone.localtime(pact.signed_at).date()) if pact.signed_at else ""
    paragraphs = pact.text.rstrip("\n").split("\n")
    # The last line (the closing "Demikian ...") is laid out with the signature block, so a signature
    # never stands alone on a page of its own.
    closing = paragraphs.pop() if len(paragraphs) > 1 else ""
    with translation.override(DOCUMENT_LANGUAGE):  # "j F Y" of the status box: Indonesian months too
        html = render_to_string("pledges/pact_pdf.html", {
            "pact": pact, "qr": qr, "verify_url": verify_url(pact), "paragraphs": paragraphs, "closing": closing,
            "office": office, "pdf": True, "place": place, "signed_on": signed_on,
        })
    # Only inline data: URLs (the QR code); never the network, never local files.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()


# --- Coverage ---------------------------------------------------------------------------------

@dataclass
class CoverageRow:
    key: object
    label: str
    total: int = 0
    signed: int = 0
    reached: int = 0

    @property
    def pending(self):
        return self.total - self.signed

    @property
    def signed_pct(self):
        return round(100 * self.signed / self.total) if self.total else 0

    @property
    def reached_pct(self):
        return round(100 * self.reached / self.total) if self.total else 0


@dataclass
class Coverage:
    by_unit: list = field(default_factory=list)
    by_type: list = field(default_factory=list)
    total: CoverageRow = None


def coverage_queryset(template, user):
    """Active employees under the template's unit that the user may see, flagged signed/reached."""
    signed = IntegrityPact.objects.signed().filter(election=template.election_id, employee=OuterRef("pk"))
    # Reached: attended a socialisation or an ikrar held for this election, not any event ever.
    reached = Attendance.objects.filter(employee=OuterRef("pk"), event__election=template.election_id,
                                        event__kind__in=[Event.Kind.SOCIALISATION, Event.Kind.IKRAR])
    return (template.employees().for_user(user)
            .annotate(is_signed=Exists(signed), is_reached=Exists(reached)))


def coverage(template, user):
    qs = coverage_queryset(template, user)
    rows = (qs.values("unit_id", "unit__name", "unit__path", "employment_type")
            .annotate(total=Count("pk"), signed=Count("pk", filter=Q(is_signed=True)),
                      reached=Count("pk", filter=Q(is_reached=True))))
    units, types = {}, {}
    total = CoverageRow("all", _("Semua"))
    type_labels = dict(EmploymentType.choices)
    for r in rows:
        u = units.setdefault(r["unit_id"], CoverageRow(r["unit_id"], r["unit__name"]))
        u.path = r["unit__path"]
        t = types.setdefault(r["employment_type"], CoverageRow(r["employment_type"],
                                                               type_labels.get(r["employment_type"], "")))
        for row in (u, t, total):
            row.total += r["total"]
            row.signed += r["signed"]
            row.reached += r["reached"]
    order = {k: i for i, (k, _l) in enumerate(EmploymentType.choices)}
    return Coverage(by_unit=sorted(units.values(), key=lambda r: r.path),
                    by_type=sorted(types.values(), key=lambda r: order.get(r.key, 9)), total=total)


def unsigned_employees(template, user):
    return coverage_queryset(template, user).filter(is_signed=False).select_related("unit", "user")


def templates_for(user):
    """Pact templates the user can work on: their own scope, plus the ones above it that reach
    into it (a UPT operator works on the Kanwil's template for the UPT's staff)."""
    if not user.unit_id:
        return PactTemplate.objects.for_user(user)
    path = user.unit.path
    prefixes = [path[:i] for i in range(5, len(path) + 1, 5)]
    return PactTemplate.objects.filter(Q(unit__path__startswith=path) | Q(unit__path__in=prefixes)) \
        .select_related("election", "unit")


# --- Reminders --------------------------------------------------------------------------------

def reminder_address(employee):
    return employee.email or (employee.user.email if employee.user_id and employee.user else "")


def send_reminders(template, user=None, now=None):
    """Email every employee with an unsigned current pact of the template, within the user's
    scope (or the template's unit for the scheduler). Returns (sent, without_email)."""
    now = now or timezone.now()
    pacts = IntegrityPact.objects.pending().filter(template=template).select_related("employee__user",
                                                                                      "employee__unit")
    pacts = pacts.for_user(user) if user is not None else pacts.filter(
        employee__unit__path__startswith=template.unit.path)
    pacts = pacts.filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_MIN_INTERVAL))
    sign_url = settings.SITE_ROOT.rstrip("/") + reverse("my_pledges")
    start = template.campaign_start()
    messages, ids, no_email = [], [], 0
    for p in pacts:
        to = reminder_address(p.employee)
        if not to:
            no_email += 1
            continue
        body = render_to_string("pledges/email/reminder.txt", {"pact": p, "template": template, "url": sign_url,
                                                                "campaign_start": start})
        messages.append((_("Pengingat: tanda tangani Pakta Integritas Netralitas"), body,
                         settings.DEFAULT_FROM_EMAIL, [to]))
        ids.append(p.pk)
    if messages:
        send_mass_mail(messages, fail_silently=False)
        IntegrityPact.objects.filter(pk__in=ids).update(reminded_at=now)
    audit.record("event", model="pledges.pacttemplate", object_pk=template.pk, object_repr=str(template),
                 unit_path=template.unit.path, actor=user,
                 note=f"pengingat pakta: {len(ids)} terkirim, {no_email} tanpa email")
    return len(ids), no_email


def templates_due_for_reminders(today=None):
    """Templates whose election's campaign starts within the reminder window (not yet started)."""
    today = today or timezone.localdate()
    due = []
    for t in PactTemplate.objects.select_related("election", "unit"):
        start = t.campaign_start()
        if start and today <= start and (start - today).days <= REMINDER_DAYS_BEFORE_CAMPAIGN:
            due.append(t)
    return due


# --- Attendance -------------------------------------------------------------------------------

def checkin_token(event):
    return signing.dumps({"e": event.pk}, salt=CHECKIN_SALT)


def event_from_token(token):
    """The event of a QR token, or None when the token is forged or expired."""
    try:
        data = signing.loads(token, salt=CHECKIN_SALT, max_age=None)
        event = Event.objects.filter(pk=data.get("e")).first()
        if event is None:
            return None
        signing.loads(token, salt=CHECKIN_SALT, max_age=timedelta(hours=event.qr_valid_hours))
        return event
    except signing.BadSignature:  # includes SignatureExpired
        return None


def checkin_window(event):
    """(opens, closes) of self and QR check-in: CHECKIN_OPENS_MINUTES_BEFORE the start, until the
    end of the event day (local time) plus CHECKIN_CLOSES_DAYS_AFTER days."""
    opens = event.starts_at - timedelta(minutes=settings.CHECKIN_OPENS_MINUTES_BEFORE)
    day = timezone.localtime(event.starts_at).date() + timedelta(days=settings.CHECKIN_CLOSES_DAYS_AFTER + 1)
    closes = timezone.make_aware(datetime.combine(day, time.min))
    return opens, closes


def checkin_open(event, now=None):
    """(True, "") inside the window, else (False, the Indonesian reason)."""
    now = now or timezone.now()
    opens, closes = checkin_window(event)
    if now < opens:
        return False, _("Presensi kegiatan ini belum dibuka; dibuka mulai %(t)s.") % {
            "t": formats.date_format(timezone.localtime(opens), "DATETIME_FORMAT")}
    if now >= closes:
        return False, _("Presensi kegiatan ini sudah ditutup sejak %(t)s; minta operator mencatat kehadiran "
                        "Anda lewat impor daftar hadir.") % {
            "t": formats.date_format(timezone.localtime(closes), "DATETIME_FORMAT")}
    return True, ""


def check_in(event, employee, method, user, now=None):
    is_open, reason = checkin_open(event, now)
    if not is_open:
        raise ValueError(reason)
    if not event.targets_employee(employee):
        raise ValueError(_("Anda tidak termasuk peserta kegiatan ini (unit Anda bukan unit sasaran)."))
    obj, created = Attendance.objects.get_or_create(event=event, employee=employee,
                                                    defaults={"method": method, "recorded_by": user})
    return obj, created


@dataclass
class AttendanceResult:
    added: int = 0
    already: int = 0
    errors: list = field(default_factory=list)

    def to_json(self):
        """What a job stores: the counts and each refused row as [row, column, reason] (imports.issues)."""
        return {"summary": {"added": self.added, "already": self.already},
                "errors": [list(e) for e in imports.issues(self.errors)], "warnings": []}


ID_COLUMNS = ("nip", "nik", "nomor pegawai", "nomor pegawai internal", "id")


def attendance_column(header):
    """The column that names the employee (NIP, else NIK or internal id), or None."""
    return next((c for c in ID_COLUMNS if c in header), None)


def check_attendance_table(table: Table):
    """Refuse a list without an employee id column before anything is stored (a TableError names the columns)."""
    if attendance_column(table.header) is None:
        from netral.core.tabular import TableError

        raise TableError(_("Kolom NIP tidak ditemukan. Kolom yang ada: %(cols)s.")
                         % {"cols": ", ".join(h for h in table.header if h)})


def import_attendance(event, table: Table, user, *, progress=None, recheck=None):
    """Attendance from a spreadsheet with a NIP column (NIK or internal id for PPNPN). Only adds.

    Each row's employee is looked up in the user's scope (`for_user`) when the row is read; rows are committed in
    chunks (`imports.apply_rows`: `recheck` before each, `progress` after each), each chunk's new attendance
    written in one bulk insert and audited like a check-in."""
    check_attendance_table(table)
    col = attendance_column(table.header)
    result = AttendanceResult()
    result.errors.extend(table.errors)  # rows the reader could not read at all
    targets = event.target_paths()
    seen, pending = set(), []

    def err(number, reason):
        result.errors.append((number, imports.issue(reason, col)))

    def one(number, row):
        raw = str(row.get(col) or "").strip()
        if clean_nip(raw).isdigit():  # an NIP or NIK typed with spaces/dots, or through Excel
            raw = clean_nip(raw)
        if not raw:
            return err(number, _("NIP kosong."))
        if raw in seen:
            return err(number, _("NIP %(nip)s muncul lebih dari sekali.") % {"nip": raw[:40]})
        seen.add(raw)
        # Looked up only among the user's employees (a NIK is not unique across units): a key outside scope reads
        # exactly like one that does not exist.
        emp = (Employee.objects.for_user(user).filter(Q(nip=raw) | Q(nik=raw) | Q(internal_id=raw))
               .select_related("unit").first())
        if emp is None:
            return err(number, _("Pegawai dengan NIP %(nip)s tidak ditemukan di unit Anda.") % {"nip": raw[:40]})
        if not emp.is_active:
            return err(number, _("%(name)s tidak aktif.") % {"name": emp.name})
        if not any(emp.unit.path.startswith(p) for p in targets):
            return err(number, _("%(name)s (%(unit)s) bukan peserta sasaran kegiatan ini.")
                       % {"name": emp.name, "unit": emp.unit})
        pending.append(emp)

    def flush():
        existing = set(Attendance.objects.filter(event=event, employee__in=pending)
                       .values_list("employee_id", flat=True))
        new = [Attendance(event=event, employee=e, method=Attendance.Method.IMPORT, recorded_by=user)
               for e in pending if e.pk not in existing]
        Attendance.objects.bulk_create(new, ignore_conflicts=True)
        # bulk_create fires no signal: each new attendance gets its own entry, like a check-in.
        made = Attendance.objects.filter(event=event, employee__in=[a.employee for a in new]).select_related(
            "employee__unit")
        audit.record_many([dict(action="create", model="pledges.attendance", object_pk=a.pk, object_repr=str(a),
                                unit_path=a.employee.unit.path, after=audit.snapshot(a), note="impor daftar hadir")
                           for a in made if a.employee_id not in existing], actor=user)
        result.added += len(new)
        result.already += len(existing)
        pending.clear()

    imports.apply_rows(table.rows, one, on_error=err, progress=progress, recheck=recheck, flush=flush)
    with transaction.atomic():
        audit.record_event(event, f"daftar hadir diimpor: {result.added} baru, {len(result.errors)} ditolak",
                           actor=user)
    return result


def event_coverage(event, user):
    """Per target unit (only units the user may see): active staff and how many attended."""
    attended = Attendance.objects.filter(event=event, employee=OuterRef("pk"))
    qs = event.target_employees().for_user(user).annotate(att=Exists(attended))
    rows = (qs.values("unit__name", "unit__path").annotate(total=Count("pk"), reached=Count("pk", filter=Q(att=True)))
            .order_by("unit__path"))
    out = []
    for r in rows:
        row = CoverageRow(r["unit__path"], r["unit__name"], total=r["total"], reached=r["reached"])
        out.append(row)
    return out


# --- Task force membership ----------------------------------------------------------------------

PROTECTED_ROLES = (Role.ADMIN, Role.PIMPINAN)


def add_member(task_force, user, position, actor):
    """Add a member; their Tim Pengawas role over the team's units follows from `sync_role`."""
    with transaction.atomic():
        member = TaskForceMember(task_force=task_force, user=user, position=position,
                                 previous_role=user.role, previous_unit=user.unit)
        member.save()
        sync_role(user)
    return member


def apply_member_role(member):
    """Kept for callers of the old name: the rule is `sync_role`."""
    return sync_role(member.user)


def _grant_for(user):
    """(team, scope unit) of the active membership with the widest scope, or None."""
    best = None
    for m in TaskForceMember.objects.filter(user=user, task_force__is_active=True).select_related("task_force__unit"):
        scope = m.task_force.scope_unit()
        if best is None or len(scope.path) < len(best[1].path):
            best = (m.task_force, scope)
    return best


def sync_role(user):
    """Recompute a user's role and unit from what an admin assigned plus their task forces.

    Rule (docs/pledges.md, "Derived roles"): membership of an active team grants Tim Pengawas over
    the team's scope unit (the lowest unit containing all its covered units), unless the assigned
    role is admin or pimpinan, or is already Tim Pengawas over that scope. When no active team
    grants it any more, the assigned role and unit come back. Returns True when the user changed."""
    from netral.pledges.models import DerivedRole

    with transaction.atomic():
        user = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
        derived = DerivedRole.objects.filter(user=user).first()
        base_role = derived.base_role if derived else user.role
        base_unit_id = derived.base_unit_id if derived else user.unit_id
        base_unit = OrgUnit.objects.filter(pk=base_unit_id).first() if base_unit_id else None
        grant = None if (base_role in PROTECTED_ROLES or user.is_superuser) else _grant_for(user)
        if grant and base_role == Role.PENGAWAS and base_unit and grant[1].path.startswith(base_unit.path):
            grant = None  # already Tim Pengawas over these units by assignment
        before = (user.role, user.unit_id)
        if grant:
            team, scope = grant
            user.role, user.unit = Role.PENGAWAS, scope
            if derived is None:
                DerivedRole.objects.create(user=user, task_force=team, base_role=base_role, base_unit_id=base_unit_id)
            elif derived.task_force_id != team.pk:
                derived.task_force = team
                derived.save()
        else:
            user.role, user.unit_id = base_role, base_unit_id
            if derived is not None:
                derived.delete()
        changed = (user.role, user.unit_id) != before
        if changed:
            user.save(update_fields=["role", "unit"])
    return changed


def sync_roles(users=None):
    """Recompute every user holding or owed a derived role (the periodic check)."""
    from netral.pledges.models import DerivedRole

    if users is None:
        ids = set(TaskForceMember.objects.values_list("user_id", flat=True))
        ids |= set(DerivedRole.objects.values_list("user_id", flat=True))
        users = User.objects.filter(pk__in=ids)
    return sum(1 for u in users if sync_role(u))


def assign_role(user, role, unit):
    """An admin sets a user's role and unit: that is the new assignment; then the derived rule applies."""
    from netral.pledges.models import DerivedRole

    DerivedRole.objects.filter(user=user).update(base_role=role, base_unit=unit)
    return sync_role(user)


def remove_member(member, actor):
    user = member.user
    with transaction.atomic():
        member.delete()
        sync_role(user)

