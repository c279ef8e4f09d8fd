"""The integration API (django-ninja): bearer tokens only, scoped to the token's unit. See docs/api.md.

Every error body is {"code": "...", "message": "<Indonesian>"}. Checks run in this order, before the body is
parsed: token (401), operation (403), body size (413), rate per token (429).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict

from netral.api.models import ApiToken, ServiceUser, hash_token
from netral.core import audit

api = NinjaAPI(title="Netral API", version="1", urls_namespace="api",
               description="API integrasi Netral. Lihat docs/api.md.")


class ApiError(HttpError):
    def __init__(self, status, code, message):
        super().__init__(status, message)
        self.code = code


def error(request, status, code, message):
    return api.create_response(request, {"code": code, "message": message}, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return error(request, exc.status_code, exc.code, exc.message)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return error(request, 401, "unauthorized", "Token tidak ada, tidak sah, atau sudah dicabut. Kirim header "
                                               "Authorization: Bearer <token>.")


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    first = exc.errors[0] if exc.errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    if first.get("type") == "json_invalid" or "json" in str(first.get("msg", "")).lower():
        message = "Isi permintaan bukan JSON yang sah."
    else:
        message = f"Data permintaan tidak sah{' pada ' + where if where else ''}."
    return error(request, 422, "validation", message)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error(request, 404, "not_found", "Data tidak ditemukan.")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return error(request, 413, "too_large", "Isi permintaan terlalu besar.")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:  # django-ninja's "cannot parse request body": the body is not JSON
        return error(request, 422, "validation", "Isi permintaan bukan JSON yang sah.")
    codes = {400: ("bad_request", "Permintaan tidak sah."), 403: ("forbidden", "Operasi ini tidak diizinkan."),
             404: ("not_found", "Data tidak ditemukan."), 405: ("method", "Metode tidak diizinkan."),
             429: ("rate_limited", "Terlalu banyak permintaan.")}
    code, message = codes.get(exc.status_code, ("error", "Permintaan tidak dapat diproses."))
    return error(request, exc.status_code, code, message)


class TokenAuth(HttpBearer):
    """A bearer token; a session cookie is never enough (the API is exempt from CSRF for that reason)."""

    def __init__(self, operation):
        super().__init__()
        self.operation = operation

    def authenticate(self, request, token):
        if not token or len(token) > 200:
            return None
        t = ApiToken.objects.select_related("unit").filter(token_hash=hash_token(token),
                                                             revoked_at__isnull=True).first()
        if t is None:
            return None
        if not t.allows(self.operation):
            raise ApiError(403, "forbidden", f"Token ini tidak diizinkan untuk operasi {self.operation}.")
        length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(length)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            raise ApiError(413, "too_large", f"Isi permintaan terlalu besar (batas {settings.API_MAX_BODY_BYTES:,} "
                                             "byte).")
        check_rate(t)
        now = timezone.now()
        if t.last_used_at is None or now - t.last_used_at > dt.timedelta(seconds=60):
            # At most one write a minute per token: last use is shown to admins, not a log.
            ApiToken.objects.filter(pk=t.pk).update(last_used_at=now)
        request.api_token = t
        request.service_user = ServiceUser(t)
        return t


def check_rate(token):
    """A fixed window of one minute per token, counted in the Django cache."""
    limit = settings.API_RATE_PER_MINUTE
    window = int(timezone.now().timestamp() // 60)
    key = f"api-rate:{token.token_hash[:24]}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise ApiError(429, "rate_limited", f"Terlalu banyak permintaan: batas {limit} per menit per token. "
                                            "Coba lagi sebentar lagi.")


ERRORS = {401: dict, 403: dict, 404: dict, 413: dict, 422: dict, 429: dict}


class Problem(Schema):
    code: str
    message: str


def responses(ok, *statuses):
    return {200: ok, **{s: Problem for s in (401, 403, 413, 422, 429, *statuses)}}


# --- content ----------------------------------------------------------------------------------------------------


class ContentRecord(Schema):
    """One item in the generic shape of file imports (the same column names and aliases are accepted)."""

    model_config = ConfigDict(extra="allow")
    platform: Any = None
    id: Any = Field(None, description="id di platform (kunci idempoten bersama platform)")
    url: Any = None
    handle: Any = None
    interaction: Any = Field(None, description="post, comment, share, like, follow, photo")
    text: Any = None
    ref_text: Any = None
    ref_url: Any = None
    posted_at: Any = Field(None, description="ISO 8601; tanpa zona dianggap UTC")


class RowIssue(Schema):
    index: int
    reason: str


class PushResult(Schema):
    created: int
    duplicate: int
    rejected: int
    errors: list[RowIssue]


@api.post("/content", response=responses(PushResult), auth=TokenAuth("content:push"), url_name="api_content_push", summary="Kirim konten (massal, idempoten)")
def push_content(request, items: list[ContentRecord]):
    from netral.core.imports import storable_json
    from netral.monitoring.ingest.common import RowError, row_guard, safe_records
    from netral.monitoring.ingest.generic import to_record
    from netral.monitoring.models import ContentItem
    from netral.monitoring.store import save_records
    from netral.monitoring.tasks import enqueue_scans

    if len(items) > settings.API_MAX_ITEMS:
        raise ApiError(413, "too_many_items", f"Terlalu banyak item dalam satu kiriman ({len(items):,}; batas "
                                              f"{settings.API_MAX_ITEMS:,}). Bagi menjadi beberapa kiriman.")
    service = request.service_user
    rows = ((i, storable_json(item.model_dump(exclude_none=True))) for i, item in enumerate(items))
    records = list(safe_records(row_guard(i, to_record, i, row) for i, row in rows))
    with audit.acting_as(service):
        # captured_by stays empty (a token is not a user); the audit entries name the token ("api:<name>").
        result = save_records(records, unit=service.unit, user=None, source=ContentItem.Source.API)
    enqueue_scans(result["ids"])
    errors = [RowIssue(index=line, reason=reason) for line, reason in result["errors"]]
    s = result["summary"]
    return {"created": s["create"], "duplicate": s["duplicate"], "rejected": s["error"], "errors": errors}


# --- roster -----------------------------------------------------------------------------------------------------


class EmployeeRecord(Schema):
    """One employee; the keys are the roster import's fields. A key left out keeps the recorded value; "-" (or
    null) clears an optional one; `active` changes only when sent."""

    model_config = ConfigDict(extra="forbid")
    nip: str | None = None
    nik: str | None = None
    internal_id: str | None = None
    name: str | None = None
    employment_type: str | None = Field(None, description="PNS, PPPK atau PPNPN")
    position: str | None = None
    position_class: str | None = None
    grade: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    email: str | None = None
    phone: str | None = None
    active: str | None = Field(None, description="aktif / tidak aktif / pensiun / berhenti ...")
    end_date: str | None = Field(None, description="YYYY-MM-DD")
    instagram: str | None = None
    facebook: str | None = None
    x: str | None = None
    tiktok: str | None = None
    youtube: str | None = None
    threads: str | None = None


class RosterResult(Schema):
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[RowIssue]
    warnings: list[RowIssue]


@api.post("/roster", response=responses(RosterResult), auth=TokenAuth("roster:write"), url_name="api_roster", summary="Perbarui daftar pegawai (upsert)")
def push_roster(request, items: list[EmployeeRecord]):
    from netral.core.imports import storable
    from netral.core.tabular import Table, TableError
    from netral.people import roster_import

    if len(items) > settings.API_MAX_ITEMS:
        raise ApiError(413, "too_many_items", f"Terlalu banyak pegawai dalam satu kiriman ({len(items):,}; batas "
                                              f"{settings.API_MAX_ITEMS:,}). Bagi menjadi beberapa kiriman.")
    keys = list(roster_import.FIELD_LABELS)
    rows = []
    for i, item in enumerate(items):
        sent = item.model_dump(exclude_unset=True)
        # null is an explicit clear, like "-" in a file; a key not sent is absent (keeps the value)
        rows.append((i, {k: ("-" if v is None else storable(str(v))) for k, v in sent.items()}))
    table = Table(header=keys, rows=rows)
    service = request.service_user
    try:
        plan = roster_import.plan(table, {k: k for k in keys}, service)
    except TableError as e:
        raise ApiError(422, "validation", str(e)) from e
    try:
        with audit.acting_as(service):
            out = roster_import.apply(plan, service, note=f"api:{request.api_token.pk}")
    except IntegrityError as e:
        # Another push (or import) stored one of these employees between the plan and the write: nothing of this
        # push was stored (one transaction); sent again, those rows are updates.
        raise ApiError(409, "conflict", "Sebagian pegawai dalam kiriman ini baru saja disimpan oleh kiriman lain; "
                                        "tidak ada yang disimpan. Kirim ulang.") from e
    s = out["summary"]
    return {"created": s["create"], "updated": s["update"], "unchanged": s["unchanged"], "rejected": s["rejected"],
            "errors": [RowIssue(index=n, reason=r) for n, r in out["errors"]],
            "warnings": [RowIssue(index=n, reason=r) for n, r in out["warnings"]]}


# --- findings and cases -----------------------------------------------------------------------------------------


class Page(Schema):
    count: int
    limit: int
    offset: int


class FindingOut(Schema):
    id: int
    status: str
    unit_code: str
    platform: str
    interaction: str
    posted_at: dt.datetime | None
    partisan: bool
    hate: bool
    hoax: bool
    score: float
    case_id: int | None
    created_at: dt.datetime


class FindingPage(Page):
    items: list[FindingOut]


# Query strings are codes: no control characters (a NUL byte would reach PostgreSQL, which refuses it).
CODE = r"^[^\x00-\x1f\x7f]*$"


class ListFilters(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    unit: str | None = Field(None, max_length=40, pattern=CODE, description="kode unit (unit itu dan di bawahnya)")
    since: dt.date | None = Field(None, description="dibuat sejak tanggal ini (YYYY-MM-DD)")
    until: dt.date | None = Field(None, description="dibuat sampai tanggal ini")


class FindingFilters(ListFilters):
    status: str | None = Field(None, max_length=16, pattern=CODE, description="new, confirmed, dismissed, duplicate")
    label: str | None = Field(None, max_length=16, pattern=CODE, description="partisan, hate, hoax")


def _in_unit(qs, service, code, field="unit"):
    from netral.core.models import OrgUnit

    unit = OrgUnit.objects.for_user(service).filter(code__iexact=code).first()
    if unit is None:
        return qs.none()
    return qs.filter(**{f"{field}__path__startswith": unit.path})


def _dates(qs, f, field):
    if f.since:
        qs = qs.filter(**{f"{field}__date__gte": f.since})
    if f.until:
        qs = qs.filter(**{f"{field}__date__lte": f.until})
    return qs


def _page(qs, f):
    # count of the filtered, scoped rows; pages by limit/offset over a stable order
    return {"count": qs.count(), "limit": f.limit, "offset": f.offset, "items": list(qs[f.offset:f.offset + f.limit])}


@api.get("/findings", response=responses(FindingPage), auth=TokenAuth("findings:read"), url_name="api_findings", summary="Daftar temuan dalam cakupan")
def list_findings(request, filters: Query[FindingFilters]):
    from netral.monitoring.models import Finding

    qs = Finding.objects.for_user(request.service_user).select_related("unit").order_by("-created_at", "-pk")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.label in ("partisan", "hate", "hoax"):
        qs = qs.filter(**{filters.label: True})
    elif filters.label:
        qs = qs.none()
    if filters.unit:
        qs = _in_unit(qs, request.service_user, filters.unit)
    qs = _dates(qs, filters, "created_at")
    page = _page(qs, filters)
    page["items"] = [dict(id=f.pk, status=f.status, unit_code=f.unit.code, platform=f.platform,
                          interaction=f.interaction, posted_at=f.posted_at, partisan=f.partisan, hate=f.hate,
                          hoax=f.hoax, score=f.score, case_id=f.case_id, created_at=f.created_at)
                     for f in page["items"]]
    return page


class CaseOut(Schema):
    id: int
    number: str
    title: str
    state: str
    unit_code: str
    source: str
    occurred_on: dt.date | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None


class CaseDetail(CaseOut):
    description: str
    recommended_tier: str
    skb_items: list
    finding_ids: list[int]


class CasePage(Page):
    items: list[CaseOut]


class CaseFilters(ListFilters):
    state: str | None = Field(None, max_length=16, pattern=CODE, description="status kasus")


def _case(c):
    return dict(id=c.pk, number=c.number, title=c.title, state=c.state, unit_code=c.unit.code, source=c.source,
                occurred_on=c.occurred_on, opened_at=c.opened_at, closed_at=c.closed_at)


@api.get("/cases", response=responses(CasePage), auth=TokenAuth("cases:read"), url_name="api_cases", summary="Daftar kasus dalam cakupan")
def list_cases(request, filters: Query[CaseFilters]):
    from netral.cases.models import Case

    qs = Case.objects.for_user(request.service_user).select_related("unit").order_by("-opened_at", "-pk")
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.unit:
        qs = _in_unit(qs, request.service_user, filters.unit)
    qs = _dates(qs, filters, "opened_at")
    page = _page(qs, filters)
    page["items"] = [_case(c) for c in page["items"]]
    return page


@api.get("/cases/{case_id}", response=responses(CaseDetail, 404), auth=TokenAuth("cases:read"),
         url_name="api_case_detail", summary="Rincian satu kasus")
def case_detail(request, case_id: int):
    from netral.cases.models import Case
    from netral.core.scoping import get_scoped_or_404

    if not 0 < case_id < 2**63:
        raise Http404
    c = get_scoped_or_404(Case.objects.select_related("unit"), request.service_user, pk=case_id)
    return dict(_case(c), description=c.description, recommended_tier=c.recommended_tier,
                skb_items=c.skb_items if isinstance(c.skb_items, list) else [],
                finding_ids=list(c.findings.values_list("pk", flat=True)))
