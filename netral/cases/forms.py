from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases.models import Forwarding, Holiday, Regime, SLARule, State, Tier
from netral.cases.suggest import SKB_CHOICES
from netral.core.forms import BootstrapMixin, validate_upload
from netral.core.models import OrgUnit, Role, User
from netral.people.models import Employee

SIGNED_MAX = 15 * 1024 * 1024
DATE = {"type": "date"}


def date_input():
    # type=date needs ISO values, whatever the language's date format
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def handlers_in_scope(user):
    return User.objects.for_user(user).filter(is_active=True, role__in=[Role.ADMIN, Role.PENGAWAS]).order_by(
        "first_name", "username") | User.objects.filter(pk=user.pk, role__in=[Role.ADMIN, Role.PENGAWAS])


class CaseFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua status"))] + State.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=OrgUnit.objects.none(),
                                  empty_label=_("Semua unit"))
    skb = forms.ChoiceField(label=_("Butir SKB"), required=False, choices=[("", _("Semua butir"))] + SKB_CHOICES)
    stage = forms.ChoiceField(label=_("Tahapan"), required=False)
    assignee = forms.ModelChoiceField(label=_("Penanggung jawab"), required=False, queryset=User.objects.none(),
                                      empty_label=_("Semua"))
    overdue = forms.BooleanField(label=_("Hanya yang lewat batas waktu"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
        self.fields["unit"].label_from_instance = lambda u: ("— " * max(u.depth - 1, 0)) + u.name
        self.fields["assignee"].queryset = handlers_in_scope(user).distinct()
        from netral.elections.models import Stage

        stages = Stage.objects.select_related("election").order_by("-election__voting_day", "start")[:200]
        self.fields["stage"].choices = [("", _("Semua tahapan"))] + [(str(s.pk), f"{s.election.name}: {s.name}")
                                                                     for s in stages]

    def apply(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d.get("q"):
            q = d["q"].strip()
            qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(employees__name__icontains=q)
                           | Q(employees__nip__startswith=q)).distinct()
        if d.get("state"):
            qs = qs.filter(state=d["state"])
        if d.get("unit"):
            qs = qs.filter(unit__path__startswith=d["unit"].path)
        if d.get("skb"):
            # JSON containment is not on SQLite; the list of keys is short, a text match is exact enough
            qs = qs.filter(skb_items__icontains=f'"{d["skb"]}"')
        if d.get("stage"):
            qs = qs.filter(stage_id=d["stage"])
        if d.get("assignee"):
            qs = qs.filter(assignee=d["assignee"])
        if d.get("overdue"):
            qs = qs.overdue()
        return qs


class CaseForm(BootstrapMixin, forms.Form):
    """A case opened by hand for what was seen offline."""

    title = forms.CharField(label=_("Judul"), max_length=255)
    employees = forms.ModelMultipleChoiceField(label=_("Pegawai"), queryset=Employee.objects.none(), required=False,
                                               help_text=_("Tahan Ctrl untuk memilih lebih dari satu."))
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=OrgUnit.objects.none(),
                                  help_text=_("Diisi otomatis dari unit pegawai pertama bila dikosongkan."),
                                  required=False)
    occurred_on = forms.DateField(label=_("Tanggal kejadian"), widget=date_input(), required=False)
    skb_items = forms.MultipleChoiceField(label=_("Butir SKB"), choices=SKB_CHOICES, required=False)
    description = forms.CharField(label=_("Uraian (apa yang dilihat, di mana, kapan)"), widget=forms.Textarea(
        attrs={"rows": 5}))
    assignee = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["employees"].queryset = Employee.objects.for_user(user).active().select_related("unit")
        self.fields["employees"].label_from_instance = lambda e: f"{e.name} ({e.identifier}, {e.unit})"
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
        self.fields["assignee"].queryset = handlers_in_scope(user).distinct()

    def clean_occurred_on(self):
        d = self.cleaned_data.get("occurred_on")
        if d and d > timezone.localdate():
            raise forms.ValidationError(_("Tanggal kejadian tidak boleh di masa depan."))
        return d

    def clean(self):
        d = super().clean()
        if not d.get("unit") and d.get("employees"):
            d["unit"] = d["employees"][0].unit
        if not d.get("unit") and not self.errors:
            self.add_error("unit", _("Pilih unit kerja atau minimal satu pegawai."))
        return d


class TransitionForm(BootstrapMixin, forms.Form):
    to_state = forms.ChoiceField(choices=State.choices)
    expected_state = forms.ChoiceField(choices=State.choices)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(BootstrapMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=User.objects.none())
    team = forms.ModelChoiceField(label=_("Tim"), queryset=None, required=False, empty_label=_("— tanpa tim —"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from netral.pledges.models import TaskForce

        self.fields["assignee"].queryset = handlers_in_scope(user).distinct()
        self.fields["team"].queryset = TaskForce.objects.for_user(user).filter(is_active=True)


class HearingForm(BootstrapMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=Employee.objects.none())
    summons_sent_on = forms.DateField(label=_("Surat panggilan diterima pada"), widget=date_input())
    scheduled_at = forms.DateTimeField(label=_("Waktu klarifikasi"),
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                  format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("Tempat"), max_length=200)
    examiner = forms.CharField(label=_("Pemeriksa"), max_length=200, required=False)
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = case.employees.all()
        only = list(case.employees.all()[:2])
        if len(only) == 1:
            self.fields["employee"].initial = only[0].pk


class AttendanceForm(BootstrapMixin, forms.Form):
    attended = forms.TypedChoiceField(label=_("Kehadiran"), choices=[("1", _("Hadir")), ("0", _("Tidak hadir"))],
                                      coerce=lambda v: v == "1")
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def clean_signed_minutes(f):
    validate_upload(f, max_bytes=SIGNED_MAX, extensions=[".pdf", ".jpg", ".jpeg", ".png", ".docx"])
    head = f.read(8)
    f.seek(0)
    kinds = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png",
             b"PK\x03\x04": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    for magic, mime in kinds.items():
        if head.startswith(magic):
            name = f.name.lower()
            ok = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}.get(
                mime, (".docx",))
            if not name.endswith(ok):
                raise forms.ValidationError(_("Isi berkas tidak sesuai dengan ekstensinya."))
            # The shared content check: PDF without JavaScript, an image that decodes, a .docx that is one and is
            # no zip bomb (core.uploads).
            from netral.core.uploads import check_content

            check_content(f, [{"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png"}.get(mime, "docx")])
            return mime
    raise forms.ValidationError(_("Berkas bukan PDF, JPEG, PNG atau DOCX yang sah (dicek dari isinya)."))


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Bukti (foto JPEG/PNG, PDF atau DOCX, maks. 15 MB)"))
    note = forms.CharField(label=_("Keterangan"), max_length=255, required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        self.mime = clean_signed_minutes(f)
        return f


class SignedMinutesForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Berita acara bertanda tangan (PDF/JPEG/PNG/DOCX, maks. 15 MB)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        self.mime = clean_signed_minutes(f)
        return f


class RecommendationForm(BootstrapMixin, forms.Form):
    regime = forms.ChoiceField(label=_("Rezim"), choices=[(Regime.ETHICS, Regime.ETHICS.label),
                                                         (Regime.DISCIPLINE, Regime.DISCIPLINE.label)])
    recommended_tier = forms.ChoiceField(label=_("Tingkat sanksi yang direkomendasikan"), choices=Tier.choices)
    legal_basis = forms.CharField(label=_("Dasar hukum"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(label=_("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(label=_("Alasan bila berbeda dari saran sistem"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class SanctionForm(BootstrapMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=Employee.objects.none())
    regime = forms.ChoiceField(label=_("Rezim"), choices=Regime.choices)
    tier = forms.ChoiceField(label=_("Tingkat"), choices=[c for c in Tier.choices if c[0] != "none"])
    kind = forms.CharField(label=_("Jenis sanksi yang dijatuhkan"), max_length=200)
    legal_basis = forms.CharField(label=_("Dasar hukum"), widget=forms.Textarea(attrs={"rows": 2}))
    ppk_name = forms.CharField(label=_("PPK yang menjatuhkan (nama dan jabatan)"), max_length=200)
    decree_number = forms.CharField(label=_("Nomor keputusan"), max_length=120)
    decree_date = forms.DateField(label=_("Tanggal keputusan"), widget=date_input())
    override_reason = forms.CharField(label=_("Alasan bila berbeda dari saran sistem"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Catatan keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = case.employees.all()
        only = list(case.employees.all()[:2])
        if len(only) == 1:
            self.fields["employee"].initial = only[0].pk

    def clean_decree_date(self):
        d = self.cleaned_data["decree_date"]
        if d > timezone.localdate():
            raise forms.ValidationError(_("Tanggal keputusan tidak boleh di masa depan."))
        return d


class ForwardForm(BootstrapMixin, forms.Form):
    to = forms.ChoiceField(label=_("Tujuan"), choices=Forwarding.To.choices)
    letter_number = forms.CharField(label=_("Nomor surat pengantar"), max_length=120, required=False)
    sent_on = forms.DateField(label=_("Tanggal dikirim"), widget=date_input())
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_sent_on(self):
        d = self.cleaned_data["sent_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(_("Tanggal dikirim tidak boleh di masa depan."))
        if d < timezone.localdate() - timedelta(days=366):
            raise forms.ValidationError(_("Tanggal dikirim terlalu jauh di masa lalu."))
        return d


class ReplyForm(BootstrapMixin, forms.Form):
    reply_on = forms.DateField(label=_("Tanggal balasan"), widget=date_input())
    reply_number = forms.CharField(label=_("Nomor surat balasan"), max_length=120, required=False)
    reply_text = forms.CharField(label=_("Isi balasan / rekomendasi"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reply_on(self):
        d = self.cleaned_data["reply_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(_("Tanggal balasan tidak boleh di masa depan."))
        return d


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)



class SLAForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SLARule
        fields = ["label", "days", "working_days", "warn_days", "legal_basis"]

    def clean_days(self):
        d = self.cleaned_data["days"]
        if not 1 <= d <= 365:
            raise forms.ValidationError(_("Jumlah hari harus antara 1 dan 365."))
        return d


class HolidayForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name", "kind", "source"]
        widgets = {"date": date_input()}
        error_messages = {"date": {"unique": _("Tanggal ini sudah ada dalam daftar hari libur.")}}
