from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.forms import BootstrapMixin
from netral.core.models import OrgUnit
from netral.elections.models import Election
from netral.reports.exports import DEFAULT_FINDING_COLUMNS, FINDING_COLUMNS
from netral.reports.models import MonevReport
from netral.core.scoping import as_pk
from netral.people.nip import is_digits

MAX_DAYS = 3 * 366
DATE = {"type": "date"}


def _unit_label(user):
    base = user.unit.depth if user.unit_id else 0
    return lambda u: ("— " * max(0, u.depth - base)) + u.name


def _check_period(form, d):
    a, b = d.get("date_from"), d.get("date_to")
    if a and b:
        if b < a:
            form.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        elif (b - a).days > MAX_DAYS:
            form.add_error("date_to", _("Periode paling panjang tiga tahun."))
    election, phase = d.get("election"), d.get("phase") or ""
    if election is not None and not (a and b):
        # the default period is the span of the phase's stages: without any, it would silently be another one
        from netral.reports.figures import REPORT_PHASES

        stages = [s.phase for s in election.stages.all()]
        if not any(not phase or p in REPORT_PHASES.get(phase, ()) for p in stages):
            form.add_error("date_from", _("Pemilihan ini tidak punya tahapan untuk fase yang dipilih; isi "
                                          "tanggal awal dan akhir."))


class DashboardForm(BootstrapMixin, forms.Form):
    election = forms.ModelChoiceField(label=_("Pemilu/pilkada"), queryset=Election.objects.all(), required=False,
                                      empty_label=_("Pemilu yang sedang berjalan"), to_field_name="slug")
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("Seluruh cakupan saya"))
    date_from = forms.DateField(label=_("Dari"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("Sampai"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = OrgUnit.objects.for_user(user)  # what may be picked (validation)
        # What is listed: the user's unit and the one below it, plus the picked unit's line and its
        # children, so a ministry-wide picker is not 500 options long (drill down by picking).
        base = user.unit.path if user.unit_id else ""
        q = Q(path__regex=rf"^{base}([0-9]{{4}}/)?$") if base else Q(parent__isnull=True) | Q(parent__parent__isnull=True)
        picked = self.data.get("unit") if self.is_bound else None
        unit = field.queryset.filter(pk=as_pk(picked)).first() if as_pk(picked) else None
        if unit is not None:
            q |= Q(parent=unit) | Q(pk=unit.pk) | Q(pk__in=unit.ancestors().values("pk"))
        label = _unit_label(user)
        field.widget.choices = [("", field.empty_label)] + [(u.pk, label(u)) for u in field.queryset.filter(q)
                                                          .order_by("path")]

    def clean(self):
        d = super().clean()
        _check_period(self, d)
        return d


class ReportForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MonevReport
        fields = ["title", "election", "phase", "date_from", "date_to", "units", "recommendations", "place",
                  "report_date", "signer_name", "signer_nip", "signer_title"]
        widgets = {"date_from": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "date_to": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "report_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "units": forms.SelectMultiple(attrs={"size": 8}),
                   "recommendations": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "units": _("Kosongkan untuk seluruh cakupan Anda. Setiap unit mencakup unit di bawahnya."),
            "recommendations": _("Satu rekomendasi per baris. Disimpan bersama laporan."),
            "date_from": _("Kosongkan untuk memakai rentang fase yang dipilih."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["units"].queryset = OrgUnit.objects.for_user(user)
        self.fields["units"].label_from_instance = _unit_label(user)
        self.fields["units"].required = False
        self.fields["date_from"].required = False
        self.fields["date_to"].required = False
        self.fields["signer_nip"].help_text = _("18 digit.")

    def clean_signer_nip(self):
        nip = "".join((self.cleaned_data.get("signer_nip") or "").split())
        if nip and (not is_digits(nip) or len(nip) != 18):
            raise forms.ValidationError(_("NIP penandatangan harus 18 digit angka."))
        return nip

    def clean(self):
        d = super().clean()
        _check_period(self, d)
        return d


class ExportForm(BootstrapMixin, forms.Form):
    columns = forms.MultipleChoiceField(label=_("Kolom"), required=False,
                                        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "Excel (.xlsx)")], initial="csv")
    pseudonymise = forms.BooleanField(label=_("Samarkan identitas (nama, NIP, akun) untuk dibagikan ke luar"),
                                      required=False)

    def __init__(self, *args, columns=FINDING_COLUMNS, default=DEFAULT_FINDING_COLUMNS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(c.key, c.label) for c in columns]
        self.fields["columns"].initial = default
