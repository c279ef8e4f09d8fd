"""Every figure of the dashboards, the monev report (PDF and Excel) and the home cards.

One module so that a number can never differ between the screen and a signed report: the
dashboard renders `compute()`'s dict, the report stores that same dict as its snapshot and the PDF
and the workbook are drawn from the snapshot only. docs/reports.md defines each figure.

Rules every query here follows (ministry size: 100k staff, 1M content items):
- scope is a set of unit subtrees (`Params.paths`), resolved once to a subquery of unit ids, so
  the (unit, ...) indexes of employees, content, findings and risk points are used;
- one grouped query per figure family (GROUP BY unit / platform / label), never a loop over units;
- staff, pembinaan, account and content counts come from the precomputed per-unit cells of
  reports/summary.py when they are fresh (the same numbers; `summary=False` reads the tables);
- everything returned is plain JSON (ints, floats, strings, lists, dicts): it is the snapshot.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core.models import OrgUnit

VERSION = 1

# National picture (DOMAIN.md, "What the numbers say"): share of proven violations by SKB item.
NATIONAL = {
    "pilkada2020": {"label": "Pilkada 2020 (KASN)", "shares": {
        "socmed_campaign": 30.4, "partisan_activity": 22.4, "photo_with_candidate": 12.6, "attend_campaign": 10.9}},
    "pemilu2024": {"label": "Pemilu 2024 (Kemendagri)", "shares": {"post_comment_share_like": 15.8}},
}

# Report phases (issue 14) and the election phases (elections.Phase) each one covers.
REPORT_PHASES = {
    "pra": ("preparation", "candidacy"),
    "kampanye": ("campaign", "quiet", "voting"),
    "pasca": ("counting", "post"),
}


def report_phase_label(key):
    return {"pra": _("Pra-pemilihan"), "kampanye": _("Kampanye"), "pasca": _("Pasca-pemilihan"),
            "": _("Seluruh tahapan")}.get(key, key)


@dataclass
class Params:
    paths: list  # unit paths; each stands for that unit and everything below it
    date_from: date
    date_to: date
    election: object = None  # elections.Election or None
    phase: str = ""  # "", "pra", "kampanye", "pasca"
    today: date = field(default_factory=timezone.localdate)

    @property
    def start(self):
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self):
        """Exclusive end instant: the day after date_to at 00:00, office time."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    def unit_q(self, prefix=""):
        q = Q(pk__in=[])
        for p in self.paths:
            q |= Q(**{f"{prefix}path__startswith": p})
        return q

    def unit_ids(self):
        """A subquery (not a list): the database joins it against the (unit, ...) indexes."""
        return OrgUnit.objects.filter(self.unit_q()).values("pk")


def default_period(election, today=None, phase=""):
    """(from, to) for an election and report phase: its stages' span, cut at today."""
    today = today or timezone.localdate()
    if election is None:
        return today - timedelta(days=89), today
    stages = list(election.stages.all())
    if not stages:
        return today - timedelta(days=89), today
    first, last = min(s.start for s in stages), max(s.end for s in stages)
    if phase:
        chosen = [s for s in stages if s.phase in REPORT_PHASES.get(phase, ())]
        if chosen:
            first, last = min(s.start for s in chosen), max(s.end for s in chosen)
    if last > today >= first:
        last = today
    return first, last


def election_in_focus(today=None):
    """The running election with the highest monitoring intensity, else the latest by voting day."""
    from netral.elections.models import Election
    from netral.elections.regime import current_regimes

    regimes = current_regimes(today)
    if regimes:
        return regimes[0].election
    return Election.objects.order_by("-voting_day").first()


def pct(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


# --- Staff and pembinaan ----------------------------------------------------------------------

def staff_and_pembinaan(p: Params, cells=None):
    """Staff, pembinaan and account figures per unit; from the precomputed cells when `cells`
    (a fresh summary.FigureSummary) is given, else from the tables."""
    units = list(OrgUnit.objects.filter(p.unit_q()).order_by("path").values("id", "name", "path", "kind"))
    rows = {u["id"]: dict(unit_id=u["id"], name=u["name"], path=u["path"], kind=u["kind"], staff=0, reached=0,
                          ikrar=0, signed=0, pending=0, monitored=0, accounts=0, content=0, findings=0,
                          confirmed=0) for u in units}
    if cells is not None:
        by_type, by_platform, ev_rows = _pembinaan_from_cells(p, rows)
    else:
        by_type, by_platform, ev_rows = _pembinaan_from_tables(p, rows)
    return rows, by_type, by_platform, ev_rows


def _events(p: Params):
    from netral.pledges.models import Event

    events = Event.objects.filter(starts_at__lt=p.end)
    if p.election is not None:
        events = events.filter(Q(election=p.election) | Q(election__isnull=True))
    return events


def _event_rows(qs):
    return [{"id": e["id"], "title": e["title"], "kind": e["kind"],
             "date": timezone.localtime(e["starts_at"]).date().isoformat(), "attended": e["attended"]}
            for e in qs]


def _pembinaan_from_tables(p: Params, rows):
    from netral.people.models import Employee, SocialAccount
    from netral.pledges.models import Attendance, Event, IntegrityPact

    ids = p.unit_ids()
    staff = Employee.objects.filter(is_active=True, unit_id__in=ids)
    by_type = {}
    for r in staff.values("unit_id", "employment_type").annotate(n=Count("pk")).order_by():
        rows[r["unit_id"]]["staff"] += r["n"]
        by_type[r["employment_type"]] = by_type.get(r["employment_type"], 0) + r["n"]

    events = _events(p)
    att = Attendance.objects.filter(employee__is_active=True, employee__unit_id__in=ids, event__in=events.values("pk"))
    for kind, key in ((Event.Kind.SOCIALISATION, "reached"), (Event.Kind.IKRAR, "ikrar")):
        for r in (att.filter(event__kind=kind).values("employee__unit_id")
                  .annotate(n=Count("employee_id", distinct=True)).order_by()):
            rows[r["employee__unit_id"]][key] = r["n"]

    if p.election is not None:
        pacts = IntegrityPact.objects.filter(election=p.election, employee__is_active=True,
                                             employee__unit_id__in=ids)
        for r in (pacts.values("employee__unit_id")
                  # One current pact per employee and election (a constraint): rows, not DISTINCT.
                  .annotate(signed=Count("pk", filter=Q(status=IntegrityPact.Status.SIGNED, signed_at__lt=p.end)),
                            pending=Count("pk", filter=~Q(status="superseded") & ~Q(
                                status=IntegrityPact.Status.SIGNED, signed_at__lt=p.end)))
                  .order_by()):
            rows[r["employee__unit_id"]]["signed"] = r["signed"]
            rows[r["employee__unit_id"]]["pending"] = r["pending"]

    accounts = SocialAccount.objects.filter(removed_at__isnull=True, employee__is_active=True,
                                            employee__unit_id__in=ids)
    for r in (accounts.values("employee__unit_id")
              .annotate(staff=Count("employee_id", distinct=True), n=Count("pk")).order_by()):
        rows[r["employee__unit_id"]]["monitored"] = r["staff"]
        rows[r["employee__unit_id"]]["accounts"] = r["n"]
    by_platform = {r["platform"]: r["n"] for r in accounts.values("platform").annotate(n=Count("pk")).order_by()}

    in_period = (events.filter(starts_at__gte=p.start)
                 .filter(Q(unit_id__in=ids) | Q(pk__in=att.values("event_id")))
                 .annotate(attended=Count("attendances", filter=Q(attendances__employee__unit_id__in=ids,
                                                                  attendances__employee__is_active=True)))
                 .order_by("starts_at", "pk"))
    return by_type, by_platform, _event_rows(in_period.values("id", "title", "kind", "starts_at", "attended")[:200])


def _pembinaan_from_cells(p: Params, rows):
    """The same numbers as _pembinaan_from_tables, summed from summary cells (two queries on the
    cells' covering index, none on the big tables)."""
    from netral.reports.models import FigureCell

    ids = p.unit_ids()
    cells = FigureCell.objects.filter(unit_id__in=ids)
    election = p.election.pk if p.election is not None else 0
    by_type, by_platform, attended = {}, {}, {}
    pacts = {}
    # Counts that hold now (day is null): staff, accounts, pacts, attendance per event.
    for unit, key, ref, n in (cells.filter(day__isnull=True).filter(
            Q(ref=0) | Q(key="pacts", ref=election) | Q(key="attended"))
            .values_list("unit_id", "key", "ref", "n")):
        row = rows[unit]
        if key.startswith("staff:"):
            row["staff"] += n
            by_type[key[6:]] = by_type.get(key[6:], 0) + n
        elif key.startswith("accounts:"):
            row["accounts"] += n
            by_platform[key[9:]] = by_platform.get(key[9:], 0) + n
        elif key == "monitored":
            row["monitored"] = n
        elif key == "pacts":
            pacts[unit] = n
        elif key == "attended":
            attended[ref] = attended.get(ref, 0) + n
    # Counts by day up to the end of the period: reached, ikrar, signed.
    keys = ["reached", "ikrar"] + (["signed"] if p.election is not None else [])
    for r in (cells.filter(key__in=keys, ref=election, day__lte=p.date_to).values("unit_id", "key")
              .annotate(n=Sum("n")).order_by()):
        rows[r["unit_id"]][r["key"]] = r["n"]
    if p.election is not None:
        for unit, n in pacts.items():
            rows[unit]["pending"] = n - rows[unit]["signed"]

    in_period = (_events(p).filter(starts_at__gte=p.start)
                 .filter(Q(unit_id__in=ids) | Q(pk__in=cells.filter(key="attended", n__gt=0).values("ref")))
                 .order_by("starts_at", "pk").values("id", "title", "kind", "starts_at")[:200])
    return by_type, by_platform, _event_rows({**e, "attended": attended.get(e["id"], 0)} for e in in_period)


# --- Monitoring and findings -------------------------------------------------------------------

def content_figures(p: Params, rows, cells=None):
    from netral.monitoring.models import ContentItem

    # Content of the period is what was posted in it (as for findings); an item without a known
    # posting time counts by its capture time.
    total = 0
    if cells is not None:  # the precomputed count per unit and day (posting day, else capture day)
        from netral.reports.models import FigureCell

        from netral.reports.summary import content_ranges

        for key, lo, hi in content_ranges(p.date_from, p.date_to):  # whole months as month cells
            for r in (FigureCell.objects.filter(unit_id__in=p.unit_ids(), key=key, ref=0, day__gte=lo, day__lte=hi)
                      .values("unit_id").annotate(n=Sum("n")).order_by()):
                rows[r["unit_id"]]["content"] += r["n"]
                total += r["n"]
        return total
    # Two queries rather than one OR, so each runs on its (unit, time) index.
    base = ContentItem.objects.filter(unit_id__in=p.unit_ids())
    for qs in (base.filter(posted_at__gte=p.start, posted_at__lt=p.end),
               base.filter(posted_at__isnull=True, captured_at__gte=p.start, captured_at__lt=p.end)):
        for r in qs.values("unit_id").annotate(n=Count("pk")).order_by():
            if r["unit_id"] in rows:
                rows[r["unit_id"]]["content"] += r["n"]
            total += r["n"]
    return total


def granularity(p: Params):
    return "week" if (p.date_to - p.date_from).days <= 92 else "month"


def _instant(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _bucket_expr(p: Params):
    """First day (office time) of the week or month of Finding.posted_at. PostgreSQL truncates
    natively; on SQLite Django's Trunc calls back into Python for every row, so SQLite's own date
    functions are used with the office's UTC offset (fixed in Indonesia: WIB/WITA/WIT have no DST)."""
    from django.db import connection
    from django.db.models.expressions import RawSQL
    from django.db.models.functions import TruncMonth, TruncWeek

    week = granularity(p) == "week"
    if connection.vendor != "sqlite":
        return (TruncWeek if week else TruncMonth)("posted_at")
    shift = f"{int(timezone.localtime(p.start).utcoffset().total_seconds() // 60):+d} minutes"
    col = '"monitoring_finding"."posted_at"'
    sql = f"date({col}, %s, 'weekday 0', '-6 days')" if week else f"strftime('%%Y-%%m-01', {col}, %s)"
    return RawSQL(sql, (shift,))


def buckets(p: Params):
    """[(first day, day after)] of the weeks (Monday first) or months touching the period."""
    out = []
    if granularity(p) == "week":
        lo = p.date_from - timedelta(days=p.date_from.weekday())
        while lo <= p.date_to:
            out.append((lo, lo + timedelta(days=7)))
            lo += timedelta(days=7)
    else:
        lo = p.date_from.replace(day=1)
        while lo <= p.date_to:
            hi = (lo.replace(day=28) + timedelta(days=4)).replace(day=1)
            out.append((lo, hi))
            lo = hi
    return out


def finding_figures(p: Params, rows):
    from netral.monitoring.models import Finding
    from netral.people.accounts import PLATFORM_LABELS
    from netral.pledges.reference import PROHIBITED_ACTS

    qs = Finding.objects.filter(unit_id__in=p.unit_ids(), posted_at__gte=p.start, posted_at__lt=p.end)
    # One pass grouped by (unit, platform, status) gives totals, statuses, labels, platforms and units.
    agg = {k: 0 for k in ("total", "new", "confirmed", "dismissed", "duplicate", "partisan", "hate", "hoax")}
    platforms = {}
    for r in (qs.values("unit_id", "platform", "status")
              .annotate(n=Count("pk"), partisan=Count("pk", filter=Q(partisan=True)),
                        hate=Count("pk", filter=Q(hate=True)), hoax=Count("pk", filter=Q(hoax=True))).order_by()):
        n, confirmed = r["n"], r["n"] if r["status"] == "confirmed" else 0
        agg["total"] += n
        agg[r["status"]] = agg.get(r["status"], 0) + n
        for k in ("partisan", "hate", "hoax"):
            agg[k] += r[k]
        pl = platforms.setdefault(r["platform"], [0, 0])
        pl[0] += n
        pl[1] += confirmed
        if r["unit_id"] in rows:
            rows[r["unit_id"]]["findings"] += n
            rows[r["unit_id"]]["confirmed"] += confirmed
    by_platform = [{"key": k, "label": str(PLATFORM_LABELS.get(k, k)), "n": v[0], "confirmed": v[1]}
                   for k, v in sorted(platforms.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    labels = [{"key": k, "label": lab, "n": agg[k]} for k, lab in
              (("partisan", _("Partisan")), ("hate", _("Ujaran kebencian")), ("hoax", _("Hoaks")))]
    statuses = [{"key": k, "label": lab, "n": agg[k]} for k, lab in
                (("new", _("Menunggu telaah")), ("confirmed", _("Dikonfirmasi")), ("dismissed", _("Ditolak")),
                 ("duplicate", _("Duplikat")))]

    # Every week (from Monday) or month of the period, empty ones included; one GROUP BY on the
    # office-time bucket of each finding.
    bounds = buckets(p)
    got = {}
    for r in (qs.annotate(bucket=_bucket_expr(p)).values("bucket")
              .annotate(n=Count("pk"), c=Count("pk", filter=Q(status="confirmed")),
                        partisan=Count("pk", filter=Q(partisan=True)), hate=Count("pk", filter=Q(hate=True)),
                        hoax=Count("pk", filter=Q(hoax=True))).order_by()):
        b = r["bucket"]
        b = timezone.localtime(b).date() if isinstance(b, datetime) else date.fromisoformat(str(b)[:10])
        got[b] = r
    zero = {"n": 0, "c": 0, "partisan": 0, "hate": 0, "hoax": 0}
    series = [{"start": lo.isoformat(), "n": got.get(lo, zero)["n"], "confirmed": got.get(lo, zero)["c"],
               "partisan": got.get(lo, zero)["partisan"], "hate": got.get(lo, zero)["hate"],
               "hoax": got.get(lo, zero)["hoax"]} for lo, _hi in bounds]

    # Violations by SKB item: confirmed findings, compared with the national picture.
    act_labels = {k: str(lab) for k, lab, *_rest in PROHIBITED_ACTS}
    by_skb = {r["skb_item"]: r["n"] for r in qs.filter(status="confirmed").values("skb_item")
              .annotate(n=Count("pk")).order_by()}
    confirmed = agg["confirmed"]
    keys = sorted(set(by_skb) | {k for v in NATIONAL.values() for k in v["shares"]},
                  key=lambda k: (-by_skb.get(k, 0), k))
    skb = [{"key": k, "label": act_labels.get(k, _("Belum dikategorikan") if not k else k), "n": by_skb.get(k, 0),
            "pct": pct(by_skb.get(k, 0), confirmed),
            **{name: v["shares"].get(k) for name, v in NATIONAL.items()}} for k in keys]

    # Repeat offenders: employees with two or more confirmed findings in the period.
    repeat = list(qs.filter(status="confirmed", employee__isnull=False).values("employee_id")
                  .annotate(n=Count("pk")).filter(n__gte=2).order_by("-n", "employee_id"))
    from netral.people.models import Employee

    names = {e["pk"]: e for e in Employee.objects.filter(pk__in=[r["employee_id"] for r in repeat[:50]])
             .values("pk", "name", "nip", "nik", "internal_id", "unit__name")}
    offenders = [{"employee_id": r["employee_id"], "name": names[r["employee_id"]]["name"],
                  "nip": names[r["employee_id"]]["nip"] or names[r["employee_id"]]["internal_id"] or "",
                  "unit": names[r["employee_id"]]["unit__name"], "n": r["n"]}
                 for r in repeat[:50] if r["employee_id"] in names]
    return {"total": agg["total"], "by_status": statuses, "by_label": labels, "by_platform": by_platform,
            "series": series, "granularity": granularity(p), "confirmed": confirmed, "by_skb": skb,
            "repeat_offenders": offenders, "repeat_count": len(repeat),
            "open": agg["new"]}


# --- Risk points ------------------------------------------------------------------------------

def risk_figures(p: Params):
    from netral.elections.models import Mitigation, RiskPoint
    from netral.elections.regime import regime_for

    out = {"stage": None, "phase": "", "phase_label": "", "points": [], "by_level": [], "open": 0,
           "mitigations": {"open": 0, "in_progress": 0, "done": 0, "overdue": 0}}
    if p.election is None:
        return out
    regime = regime_for(p.election, p.today)
    if regime.stage is not None:
        out["stage"] = {"id": regime.stage.pk, "name": regime.stage.name, "start": regime.stage.start.isoformat(),
                        "end": regime.stage.end.isoformat(), "day": regime.day, "days": regime.days}
    out["phase"] = regime.phase or ""
    out["phase_label"] = str(regime.phase_label) if regime.phase else ""
    qs = RiskPoint.objects.filter(election=p.election, unit_id__in=p.unit_ids())
    if p.phase:
        qs = qs.filter(phase__in=REPORT_PHASES[p.phase])
    elif regime.stage is not None:
        qs = qs.relevant_to(regime.stage)
    elif regime.phase:
        qs = qs.filter(phase=regime.phase)
    qs = qs.annotate(
        m_total=Count("mitigations"), m_done=Count("mitigations", filter=Q(mitigations__status="done")),
        m_progress=Count("mitigations", filter=Q(mitigations__status="in_progress")),
        m_overdue=Count("mitigations", filter=~Q(mitigations__status="done") & Q(mitigations__due_on__lt=p.today)))
    levels = {}
    from netral.elections.models import Level, Phase

    level_labels, phase_labels = dict(Level.choices), dict(Phase.choices)
    for r in qs.values("id", "title", "unit__name", "phase", "level", "score", "m_total", "m_done", "m_progress",
                       "m_overdue").order_by("-score", "title")[:500]:
        is_open = r["m_total"] == 0 or r["m_done"] < r["m_total"]
        out["points"].append({"id": r["id"], "title": r["title"], "unit": r["unit__name"], "phase": r["phase"],
                              "phase_label": str(phase_labels.get(r["phase"], r["phase"])), "level": r["level"],
                              "level_label": str(level_labels.get(r["level"], r["level"])), "score": r["score"],
                              "mitigations": r["m_total"], "done": r["m_done"], "in_progress": r["m_progress"],
                              "overdue": r["m_overdue"], "open": is_open})
        if is_open:
            out["open"] += 1
            levels[r["level"]] = levels.get(r["level"], 0) + 1
    out["by_level"] = [{"key": k, "label": str(lab), "n": levels.get(k, 0)} for k, lab in reversed(Level.choices)]
    mit = Mitigation.objects.filter(risk_point__in=qs.values("pk")).aggregate(
        open=Count("pk", filter=Q(status="open")), in_progress=Count("pk", filter=Q(status="in_progress")),
        done=Count("pk", filter=Q(status="done")), overdue=Count("pk", filter=~Q(status="done") & Q(due_on__lt=p.today)))
    out["mitigations"] = mit
    return out


# --- Cases ------------------------------------------------------------------------------------

def case_figures(p: Params):
    """Case handling: cases opened in the period by their state now, decisions, deadlines, sanctions.

    - decided: opened in the period and decided (sanction, not proven, forwarded) by its end;
    - within deadline: a decided case none of whose deadlines was missed (met=False, or still
      pending with its due day before the decision day);
    - median days: from the first finding of the case (else its opening) to its decision, over
      the cases decided in the period;
    - overdue: open cases of the scope (whenever opened) with a pending deadline before today.
    """
    try:
        from netral.cases.models import Case, Deadline, Sanction, State, Tier
    except ImportError:  # the cases module is not installed
        return {"available": False}
    from django.db.models import Min

    from netral.monitoring.models import Finding

    ids = p.unit_ids()
    opened = Case.objects.filter(unit_id__in=ids, opened_at__gte=p.start, opened_at__lt=p.end)
    states = {r["state"]: r["n"] for r in opened.values("state").annotate(n=Count("pk")).order_by()}
    decided_q = opened.filter(decided_at__isnull=False, decided_at__lt=p.end)
    decided = {r["pk"]: r["decided_at"] for r in decided_q.values("pk", "decided_at")}
    missed = set()
    for d in Deadline.objects.filter(case_id__in=decided_q.values("pk")).values("case_id", "due", "done_at", "met"):
        decided_day = timezone.localtime(decided[d["case_id"]]).date()
        if d["met"] is False or (d["done_at"] is None and d["due"] < decided_day):
            missed.add(d["case_id"])
    within = len(decided) - len(missed)

    in_period = Case.objects.filter(unit_id__in=ids, decided_at__gte=p.start, decided_at__lt=p.end)
    first_finding = dict(Finding.objects.filter(case__in=in_period.values("pk")).values("case_id")
                         .annotate(first=Min("created_at")).values_list("case_id", "first").order_by())
    durations = [dec - first_finding.get(pk, opened_at)
                 for pk, opened_at, dec in in_period.values_list("pk", "opened_at", "decided_at")]

    overdue = (Deadline.objects.filter(case__unit_id__in=ids, done_at__isnull=True, due__lt=p.today)
               .exclude(case__state=State.CLOSED).values("case_id").distinct().count())
    tiers = {r["tier"]: r["n"] for r in Sanction.objects.filter(
        case__unit_id__in=ids, decree_date__gte=p.date_from, decree_date__lte=p.date_to)
        .values("tier").annotate(n=Count("pk")).order_by()}
    total = sum(states.values())
    return {
        "available": True, "total": total, "decided": len(decided), "within_deadline": within,
        "within_deadline_pct": pct(within, len(decided)), "median_days": median_days(durations),
        "decided_in_period": len(durations), "overdue": overdue,
        "by_state": [{"key": s.value, "label": str(s.label), "n": states.get(s.value, 0)} for s in State],
        "by_tier": [{"key": t.value, "label": str(t.label), "n": tiers[t.value]} for t in Tier if t.value in tiers],
        "sanctioned_staff": Sanction.objects.filter(case__unit_id__in=ids, decree_date__gte=p.date_from,
                                                    decree_date__lte=p.date_to)
        .values("employee_id").distinct().count(),
    }


# --- Attention today --------------------------------------------------------------------------

def attention(p: Params, figures):
    """What needs a person today, from the figures already computed plus two cheap counts."""
    from netral.monitoring.models import Finding

    items = []
    oldest = (Finding.objects.filter(unit_id__in=p.unit_ids(), status="new").order_by("created_at")
              .values_list("created_at", flat=True).first())
    waiting = Finding.objects.filter(unit_id__in=p.unit_ids(), status="new").count()
    if waiting:
        items.append({"key": "triage", "n": waiting, "days": (p.today - timezone.localtime(oldest).date()).days,
                      "text": _("temuan menunggu telaah")})
    mit = figures["risk"]["mitigations"]
    if mit.get("overdue"):
        items.append({"key": "mitigation_overdue", "n": mit["overdue"], "text": _("mitigasi titik rawan lewat tenggat")})
    bare = sum(1 for r in figures["risk"]["points"] if r["mitigations"] == 0 and r["level"] in ("high", "very_high"))
    if bare:
        items.append({"key": "risk_unmitigated", "n": bare, "text": _("titik rawan tinggi tanpa mitigasi")})
    pb = figures["pembinaan"]
    if pb["pending"]:
        items.append({"key": "pacts_pending", "n": pb["pending"], "text": _("pakta integritas belum ditandatangani")})
    cases = figures["cases"]
    if cases.get("available") and cases.get("overdue"):
        items.append({"key": "cases_overdue", "n": cases["overdue"], "text": _("kasus melewati tenggat")})
    return items


COUNTS = ("staff", "reached", "ikrar", "signed", "pending", "monitored", "accounts", "content", "findings", "confirmed")


def rollup(unit_rows, paths):
    """Per-unit rows summed up to the level just below each scope unit (a ministry sees its
    Kanwil, a Kanwil its UPT and divisions); the scope unit's own staff stay a row of their own.
    The dashboard shows these; the report's annex shows every unit."""
    out = {}
    for r in unit_rows:
        top = next((p for p in paths if r["path"].startswith(p)), r["path"])
        key = r["path"][:len(top) + 5] if r["path"] != top else top
        row = out.get(key)
        if row is None:
            row = out[key] = {"unit_id": None, "name": "", "path": key, "kind": "", **{k: 0 for k in COUNTS}}
        if r["path"] == key:
            row.update(unit_id=r["unit_id"], name=r["name"], kind=r["kind"])
        for k in COUNTS:
            row[k] += r[k]
    return sorted(out.values(), key=lambda r: r["path"])


# --- Everything -------------------------------------------------------------------------------

def compute(p: Params, progress=None, summary=True):
    """All figures for the scope and period, as one JSON-ready dict (the report snapshot).

    The staff, pembinaan, account and content counts come from the precomputed cells when they
    are fresh (reports/summary.py; the same numbers), else from the tables; `summary=False`
    always reads the tables."""
    from netral.reports import summary as precomputed

    step = progress or (lambda name: None)
    cells = precomputed.fresh() if summary else None
    rows, by_type, acc_platform, events = staff_and_pembinaan(p, cells)
    step("pembinaan")
    content = content_figures(p, rows, cells)
    findings = finding_figures(p, rows)
    step("pemantauan")
    risk = risk_figures(p)
    step("titik_rawan")
    cases = case_figures(p)
    step("kasus")

    unit_rows = list(rows.values())
    total = {k: sum(r[k] for r in unit_rows) for k in COUNTS}
    children = rollup(unit_rows, p.paths)
    for r in unit_rows + children + [total]:
        r["reached_pct"] = pct(r["reached"], r["staff"])
        r["ikrar_pct"] = pct(r["ikrar"], r["staff"])
        r["signed_pct"] = pct(r["signed"], r["staff"])
        r["monitored_pct"] = pct(r["monitored"], r["staff"])
        r["no_account"] = r["staff"] - r["monitored"]
        r["not_reached"] = r["staff"] - r["reached"]
        r["per_100"] = round(100.0 * r["confirmed"] / r["staff"], 2) if r["staff"] else 0.0
    per_100 = sorted([r for r in unit_rows if r["staff"] and r["confirmed"]],
                     key=lambda r: (-r["per_100"], r["path"]))[:10]
    from netral.people.accounts import PLATFORM_LABELS
    from netral.people.models import EmploymentType

    type_labels = dict(EmploymentType.choices)
    e = p.election
    figures = {
        "version": VERSION,
        "params": {"date_from": p.date_from.isoformat(), "date_to": p.date_to.isoformat(), "phase": p.phase,
                   "phase_label": str(report_phase_label(p.phase)), "paths": list(p.paths),
                   "today": p.today.isoformat(),
                   "election": {"id": e.pk, "slug": e.slug, "name": e.name} if e else None,
                   "units": [{"id": u["unit_id"], "name": u["name"], "path": u["path"]} for u in unit_rows
                             if any(u["path"] == q for q in p.paths)]},
        "computed_at": timezone.now().isoformat(),
        "staff": {"total": total["staff"], "by_type": [{"key": k, "label": str(type_labels.get(k, k)), "n": n}
                                                        for k, n in sorted(by_type.items())]},
        "pembinaan": {k: total[k] for k in ("reached", "ikrar", "signed", "pending", "reached_pct", "ikrar_pct",
                                            "signed_pct")} | {"staff": total["staff"], "events": events},
        "monitoring": {"monitored": total["monitored"], "monitored_pct": total["monitored_pct"],
                       "without_account": total["staff"] - total["monitored"],
                       "accounts": total["accounts"], "content": content,
                       "accounts_by_platform": [{"key": k, "label": str(PLATFORM_LABELS.get(k, k)), "n": n}
                                                for k, n in sorted(acc_platform.items(), key=lambda x: (-x[1], x[0]))]},
        "findings": findings,
        "per_100": [{"unit_id": r["unit_id"], "name": r["name"], "staff": r["staff"], "confirmed": r["confirmed"],
                     "per_100": r["per_100"]} for r in per_100],
        "risk": risk,
        "cases": cases,
        "units": unit_rows,
        "children": children,
        "total": total,
    }
    figures["attention"] = attention(p, figures)
    step("selesai")
    return figures


def cached_compute(p: Params):
    """compute() for screens (dashboard, home cards), kept REPORT_FIGURES_CACHE seconds per scope,
    period, election and day: a page that many people open every morning costs one computation.
    Reports always compute afresh (their snapshot is the record)."""
    import hashlib

    from django.conf import settings
    from django.core.cache import cache

    seconds = getattr(settings, "REPORT_FIGURES_CACHE", 300)
    if not seconds:
        return compute(p)
    key = "|".join([str(VERSION), ",".join(sorted(p.paths)), p.date_from.isoformat(), p.date_to.isoformat(),
                    str(p.election.pk if p.election else ""), p.phase, p.today.isoformat()])
    key = "monev-figures:" + hashlib.sha256(key.encode()).hexdigest()
    fig = cache.get(key)
    if fig is None:
        fig = compute(p)
        cache.set(key, fig, seconds)
    return fig


def median_days(durations):
    """Median of timedeltas in days (one decimal), or None when there are none."""
    values = [d.total_seconds() / 86400 for d in durations if d is not None]
    return round(statistics.median(values), 1) if values else None

