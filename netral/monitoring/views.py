import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core import audit
from netral.core.models import AuditEntry, Role
from netral.core.access import record_access
from netral.core.scoping import OVERSIGHT_ROLES, STAFF_ROLES, as_pk, get_scoped_or_404, role_required, scoped
from netral.core.pagination import paginate
from netral.monitoring import actions, ocr
from netral.monitoring.evidence import MissingFile, build_zip
from netral.monitoring.forms import CaptureForm, ContentFilterForm, FindingFilterForm, ImportForm
from netral.monitoring.explain import explain
from netral.monitoring.models import ContentImport, ContentItem, Finding, MediaFile

TRIAGE_ROLES = (Role.ADMIN, Role.PENGAWAS)
CAPTURE_ROLES = (Role.ADMIN, Role.PENGAWAS, Role.OPERATOR)
SKB_LABELS = {
    "post_comment_share_like": _("Memberi tanggapan/komentar/membagikan/menyukai unggahan peserta"),
    "biased_decision": _("Membuat keputusan atau ajakan yang berpihak"),
    "party_membership": _("Menjadi anggota/pengurus partai"),
    "banner": _("Memasang spanduk/baliho peserta"),
    "attend_campaign": _("Menghadiri kampanye"),
    "partisan_activity": _("Kegiatan yang mengarah keberpihakan"),
    "photo_with_candidate": _("Berfoto dengan gestur/peserta"),
    "socmed_campaign": _("Kampanye melalui media sosial"),
}


def highlight(text, evidence):
    """The text with the lexicon matches marked (<mark>), everything else escaped."""
    spans = sorted({tuple(e["span"]) for e in evidence or [] if e.get("type") == "lexicon" and e.get("span")})
    out, pos = [], 0
    for start, end in spans:
        if start < pos or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="nt-hit">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


class _FindingView:
    """The finding's labels with the scan's evidence, for `explain`."""

    def __init__(self, f):
        self.partisan, self.hate, self.hoax = f.partisan, f.hate, f.hoax
        self.targets, self.evidence = f.targets, f.scan.evidence


def reasons(evidence):
    out = []
    for e in evidence or []:
        if e.get("type") == "lexicon":
            out.append(_("Cocok leksikon (%(kind)s): “%(text)s” → %(keys)s%(weak)s") % {
                "kind": e.get("kind"), "text": e.get("text"), "keys": ", ".join(e.get("keys") or []),
                "weak": _(" (lemah)") if e.get("weak") else ""})
        elif e.get("type") == "feature":
            out.append(_("Kata penanda %(head)s: %(f)s (bobot %(w).2f)") % {
                "head": e.get("head"), "f": e.get("feature"), "w": e.get("weight", 0)})
        elif e.get("type") == "hoax":
            out.append(_("Mirip klaim hoaks: “%(c)s” (skor %(s).2f)") % {"c": e.get("claim"), "s": e.get("score", 0)})
    return out


# --- Triage queue -----------------------------------------------------------------------------


@role_required(*OVERSIGHT_ROLES)
def finding_list(request):
    form = FindingFilterForm(request.GET or None, user=request.user)
    qs = form.apply(scoped(Finding, request.user))
    qs = qs.select_related("unit", "employee", "content", "stage").order_by(*form.ordering())
    page = paginate(request, qs, 25)
    rows = list(page.object_list)
    keys = {f.group_key for f in rows if f.group_key}
    groups = dict(scoped(Finding, request.user).filter(group_key__in=keys).values_list("group_key").annotate(n=Count("pk"))
                  .values_list("group_key", "n")) if keys else {}
    for f in rows:
        f.group_size = groups.get(f.group_key, 1)
    params = request.GET.copy()
    params.pop("page", None)
    ctx = {"form": form, "page": page, "rows": rows, "params": params.urlencode(),
           "can_triage": request.user.has_role(*TRIAGE_ROLES)}
    template = "monitoring/_finding_table.html" if request.htmx and not request.htmx.boosted else \
        "monitoring/finding_list.html"
    return render(request, template, ctx)


@role_required(*OVERSIGHT_ROLES)
def finding_detail(request, pk):
    f = get_scoped_or_404(Finding.objects.select_related(
        "content__unit", "content__employee", "content__captured_by", "scan", "case", "stage", "election",
        "duplicate_of", "decided_by", "employee"), request.user, pk=pk)
    record_access(request, f)
    item = f.content
    similar_qs = scoped(Finding, request.user).filter(group_key=f.group_key).exclude(pk=f.pk) if f.group_key \
        else Finding.objects.none()
    similar = similar_qs.select_related("content", "employee").order_by("-pk")[:20]
    history = AuditEntry.objects.for_user(request.user).filter(
        model="monitoring.finding", object_pk=str(f.pk)).order_by("-seq")[:30]
    return render(request, "monitoring/finding_detail.html", {
        "f": f, "item": item, "marked": highlight(item.scan_text(), f.scan.evidence),
        "reasons": reasons(f.scan.evidence), "skb": SKB_LABELS.get(f.skb_item, f.skb_item),
        "why": explain(_FindingView(f), f.election),
        "similar": similar, "similar_total": similar_qs.count(), "history": history, "media": item.media.all(),
        "can_triage": request.user.has_role(*TRIAGE_ROLES),
        "next_id": scoped(Finding, request.user).open().filter(score__lte=f.score).exclude(pk=f.pk).order_by(
            "-score", "-pk").values_list("pk", flat=True).first(),
    })


@role_required(*TRIAGE_ROLES)
@require_POST
def finding_action(request, pk):
    f = get_scoped_or_404(Finding.objects.select_related("content", "employee", "unit"), request.user, pk=pk)
    action = request.POST.get("action", "")
    if action == "confirm" and f.status == Finding.Status.NEW and request.POST.get("confirmed") != "yes":
        # Confirming names a person in a suspected violation: one more step that says so.
        return render(request, "monitoring/confirm_findings.html", {
            "findings": [f], "action_url": reverse("finding_action", args=[f.pk]), "post": request.POST})
    dup = None
    if action == "duplicate" and request.POST.get("duplicate_of"):
        dup_pk = as_pk(request.POST["duplicate_of"])
        dup = scoped(Finding, request.user).filter(pk=dup_pk).first() if dup_pk else None
        if dup is None:
            messages.error(request, _("Temuan asli tidak ditemukan."))
            return redirect("finding_detail", f.pk)
    try:
        actions.decide(f, action, user=request.user, reason=request.POST.get("reason", ""), duplicate_of=dup)
    except actions.TriageError as e:
        messages.error(request, str(e))
        return redirect("finding_detail", f.pk)
    messages.success(request, _("Temuan #%(n)s: %(s)s.") % {"n": f.pk, "s": f.get_status_display().lower()})
    nxt = as_pk(request.POST.get("next"))
    if nxt:
        return redirect("finding_detail", nxt)
    if f.case_id and action == "confirm":
        return redirect("case_detail", f.case_id)
    return redirect("finding_list")


@role_required(*TRIAGE_ROLES)
@require_POST
def finding_bulk(request):
    ids = [n for n in map(as_pk, request.POST.getlist("ids")) if n]
    action = request.POST.get("action", "")
    findings = list(scoped(Finding, request.user).filter(pk__in=ids).select_related("content", "employee", "unit"))
    if findings and action in ("confirm", "dismiss", "duplicate") and request.POST.get("confirmed") != "yes" \
            and not (action == "dismiss" and not request.POST.get("reason", "").strip()):
        return render(request, "monitoring/confirm_findings.html", {
            "findings": findings, "action_url": reverse("finding_bulk"), "post": request.POST, "bulk": True})
    if not findings:
        messages.error(request, _("Pilih minimal satu temuan."))
    elif action == "dismiss" and not request.POST.get("reason", "").strip():
        messages.error(request, _("Alasan penolakan wajib diisi."))
    else:
        done, errors = actions.decide_many(findings, action, user=request.user, reason=request.POST.get("reason", ""))
        if done:
            messages.success(request, _("%(n)d temuan diproses.") % {"n": done})
        for e in errors[:5]:
            messages.error(request, e)
    back = request.POST.get("back", "")
    return redirect(reverse("finding_list") + (f"?{back}" if back else ""))


@role_required(*OVERSIGHT_ROLES)
def finding_evidence(request, pk):
    f = get_scoped_or_404(Finding.objects.select_related("content__unit", "content__employee", "scan"),
                          request.user, pk=pk)
    try:
        data = build_zip(f, request.user)  # records the export and its manifest hash in the audit chain
    except MissingFile as e:
        messages.error(request, str(e))
        return redirect("finding_detail", f.pk)
    resp = HttpResponse(data, content_type="application/zip")
    resp["Content-Disposition"] = f'attachment; filename="bukti-temuan-{f.pk}.zip"'
    return resp


# --- Content ------------------------------------------------------------------------------------


@role_required(*STAFF_ROLES)
def content_list(request):
    form = ContentFilterForm(request.GET or None)
    qs = form.apply(scoped(ContentItem, request.user)).select_related("employee", "unit").order_by("-captured_at", "-pk")
    page = paginate(request, qs, 50)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "monitoring/content_list.html", {"form": form, "page": page, "params": params.urlencode(),
                                                            "can_capture": request.user.has_role(*CAPTURE_ROLES)})


@role_required(*STAFF_ROLES)
def content_detail(request, pk):
    item = get_scoped_or_404(ContentItem.objects.select_related("employee", "unit", "captured_by", "account"),
                             request.user, pk=pk)
    finding = Finding.objects.filter(content=item).first()
    return render(request, "monitoring/content_detail.html", {
        "item": item, "scans": item.scans.all(), "media": item.media.all(), "finding": finding,
        "can_see_findings": request.user.has_role(*OVERSIGHT_ROLES),
        "corrected_by": ContentItem.objects.filter(supersedes=item).first(),
        "can_correct": request.user.has_role(*TRIAGE_ROLES)})


@role_required(*TRIAGE_ROLES)
@require_POST
def content_correct(request, pk):
    """A correction (e.g. a mistyped or badly OCR'd text) is a new item; the original stays as found."""
    item = get_scoped_or_404(ContentItem, request.user, pk=pk)
    if ContentItem.objects.filter(supersedes=item).exists():
        messages.error(request, _("Konten ini sudah dikoreksi; koreksi versi terbarunya."))
        return redirect("content_detail", item.pk)
    text = request.POST.get("text", "").strip()[:20000]
    ref_text = request.POST.get("ref_text", "").strip()[:20000]
    if not (text or ref_text):
        messages.error(request, _("Teks koreksi tidak boleh kosong."))
        return redirect("content_detail", item.pk)
    try:
        new = actions.correct_item(item, text=text, ref_text=ref_text, note=request.POST.get("note", ""),
                                   user=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("content_detail", item.pk)
    messages.success(request, _("Koreksi tersimpan sebagai konten #%(n)s dan dipindai ulang; aslinya tetap disimpan.")
                     % {"n": new.pk})
    return redirect("content_detail", new.pk)


@role_required(*CAPTURE_ROLES)
def content_create(request):
    form = CaptureForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        item, created = actions.capture_manual(
            platform=d["platform"], url=d.get("url") or "", handle=d.get("handle") or "",
            interaction=d["interaction"], text=d.get("text") or "", ref_text=d.get("ref_text") or "",
            posted_at=d.get("posted_at"), employee=d.get("employee"), images=d.get("images") or [],
            user=request.user, unit=request.user.unit)
        if created:
            messages.success(request, _("Konten tercatat dan dipindai."))
            if item.ocr_status == ContentItem.OCR.UNAVAILABLE:
                messages.warning(request, _("OCR tidak tersedia di server: teks pada gambar tidak dibaca."))
        else:
            messages.info(request, _("Konten ini sudah pernah dicatat; data lama tidak diubah."))
        if not request.user.can_see_unit(item.unit):
            return redirect("content_list")
        return redirect("content_detail", item.pk)
    return render(request, "monitoring/content_form.html", {"form": form, "ocr_available": ocr.available()})


@role_required(*STAFF_ROLES)
def media_file(request, pk):
    m = get_scoped_or_404(MediaFile, request.user, pk=pk)
    mime = m.mime or mimetypes.guess_type(m.file.name)[0] or "application/octet-stream"
    try:
        fh = m.file.open("rb")
    except FileNotFoundError:  # the row outlived its file (storage restored from an older backup): not a 500
        raise Http404 from None
    resp = FileResponse(fh, content_type=mime)
    resp["Content-Disposition"] = f'inline; filename="{m.pk}{m.file.name[m.file.name.rfind("."):]}"'
    resp["Cache-Control"] = "private, no-store"
    return resp


# --- Imports ------------------------------------------------------------------------------------


@role_required(*CAPTURE_ROLES)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        imp = actions.start_import(f=d["file"], fmt=d["format"], user=request.user, unit=request.user.unit,
                                   account_handle=d["account_handle"], dry_run=d.get("dry_run", False))
        return redirect("content_import_detail", imp.pk)
    recent = scoped(ContentImport, request.user).select_related("created_by")[:10]
    from netral.monitoring import ingest

    return render(request, "monitoring/import_upload.html", {"form": form, "recent": recent,
                                                             "formats": ingest.CHOICES})


@role_required(*CAPTURE_ROLES)
def import_detail(request, pk):
    imp = get_scoped_or_404(ContentImport, request.user, pk=pk)
    return render(request, "monitoring/import_detail.html", {"imp": imp})


@role_required(*CAPTURE_ROLES)
@require_POST
def import_confirm(request, pk):
    imp = get_scoped_or_404(ContentImport, request.user, pk=pk)
    actions.confirm_import(imp)
    return redirect("content_import_detail", imp.pk)


@role_required(*CAPTURE_ROLES)
def import_report(request, pk):
    """The rows (or items) an import could not use, as a CSV: row, column, reason."""
    from netral.core import imports

    imp = get_scoped_or_404(ContentImport, request.user, pk=pk)
    rows = imp.report_rows()
    if rows is None:
        raise Http404
    return imports.report_response(rows, f"impor-konten-{imp.pk}-laporan.csv")


@role_required(*CAPTURE_ROLES)
def import_status(request, pk):
    imp = get_scoped_or_404(ContentImport, request.user, pk=pk)
    return render(request, "monitoring/_import_status.html", {"imp": imp})
