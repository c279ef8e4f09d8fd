from django import forms
from django.utils.translation import gettext_lazy as _

from netral.core.forms import BootstrapMixin, validate_upload
from netral.core.models import OrgUnit, User
from netral.elections.models import (
    IMPACT_LABELS, LIKELIHOOD_LABELS, Contestant, Election, Level, Mitigation, Phase, RiskPoint, Stage,
)
from netral.elections.reference import RISK_TEMPLATES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _unit_label(u):
    return ("— " * max(u.depth - 1, 0)) + u.name


class ListField(forms.CharField):
    """A JSON list edited as text, one item per line (or separated by `;`)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value) or ""
        items = [i.strip() for line in value.splitlines() for i in line.split(";")]
        return [i for i in items if i]


class ElectionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Election
        fields = ["name", "slug", "kind", "level", "region_name", "region_code", "voting_day", "candidates_set_on",
                  "legal_basis", "notes"]
        widgets = {"voting_day": DATE, "candidates_set_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class ElectionCopyForm(BootstrapMixin, forms.Form):
    source = forms.ModelChoiceField(label=_("Salin kalender dari"), queryset=Election.objects.all())
    name = forms.CharField(label=_("Nama pemilu/pilkada baru"), max_length=120)
    slug = forms.SlugField(label=_("Kode baru"), max_length=60, help_text=_("Mis. pemilu-2029."))
    shift_days = forms.IntegerField(label=_("Geser tanggal (hari)"), required=False,
                                    help_text=_("Isi ini atau hari pemungutan suara baru."))
    voting_day = forms.DateField(label=_("Hari pemungutan suara baru"), required=False, widget=DATE)
    copy_contestants = forms.BooleanField(label=_("Salin juga daftar peserta"), required=False)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Election.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai."))
        return slug

    def clean(self):
        data = super().clean()
        source, shift, voting = data.get("source"), data.get("shift_days"), data.get("voting_day")
        if shift is None and voting is None:
            raise forms.ValidationError(_("Isi jumlah hari pergeseran atau hari pemungutan suara baru."))
        if source is not None and shift is None:
            data["shift_days"] = (voting - source.voting_day).days
        if data.get("shift_days") is not None and abs(data["shift_days"]) > 365 * 20:
            raise forms.ValidationError(_("Pergeseran lebih dari 20 tahun; periksa kembali."))
        return data


class StageForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "start", "end", "phase", "intensity", "notes"]
        widgets = {"start": DATE, "end": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class ContestantForm(BootstrapMixin, forms.ModelForm):
    aliases = ListField(label=_("Nama lain / julukan"), required=False, help_text=_("Satu per baris."))
    parties = ListField(label=_("Partai pengusung"), required=False)
    hashtags = ListField(label=_("Tagar"), required=False)
    slogans = ListField(label=_("Slogan"), required=False)

    class Meta:
        model = Contestant
        fields = ["kind", "number", "name", "key", "aliases", "parties", "hashtags", "slogans", "gesture", "is_local",
                  "region_code", "region_name"]

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election

    def clean(self):
        data = super().clean()
        key = data.get("key")
        if key and Contestant.objects.filter(election=self.election, key=key).exclude(pk=self.instance.pk).exists():
            self.add_error("key", _("Kunci ini sudah dipakai peserta lain pada pemilu ini."))
        if data.get("number") and Contestant.objects.filter(
                election=self.election, kind=data.get("kind"), region_code=data.get("region_code", ""),
                number=data["number"]).exclude(pk=self.instance.pk).exists():
            self.add_error("number", _("Nomor urut ini sudah dipakai pada pemilu dan wilayah yang sama."))
        return data


class ContestantImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Berkas CSV, Excel atau JSON KPU"))
    election = forms.ModelChoiceField(
        label=_("Pemilu/pilkada tujuan (untuk JSON KPU)"), queryset=Election.objects.all(), required=False,
        help_text=_("Berkas CSV menyebut pemilunya sendiri di kolom election."))

    def clean_file(self):
        return validate_upload(self.cleaned_data.get("file"), max_bytes=10 * 1024 * 1024,
                               extensions=[".csv", ".txt", ".xlsx", ".json"])

    def clean(self):
        data = super().clean()
        f = data.get("file")
        if f is not None and f.name.lower().endswith(".json") and not data.get("election"):
            self.add_error("election", _("Pilih pemilu/pilkada tujuan untuk berkas JSON KPU."))
        return data


class RiskPointForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = RiskPoint
        fields = ["unit", "election", "phase", "stage", "title", "description", "likelihood", "impact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "likelihood": forms.Select(choices=[(k, f"{k} – {v}") for k, v in LIKELIHOOD_LABELS.items()]),
                   "impact": forms.Select(choices=[(k, f"{k} – {v}") for k, v in IMPACT_LABELS.items()])}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user).filter(is_active=True)
        self.fields["unit"].label_from_instance = _unit_label
        self.fields["stage"].queryset = Stage.objects.select_related("election").order_by("election", "start")
        self.fields["stage"].label_from_instance = lambda s: f"{s.election.name}: {s.name}"
        if user.unit_id and not self.instance.pk:
            self.fields["unit"].initial = user.unit_id


class MitigationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Mitigation
        fields = ["action", "owner_name", "owner", "due_on", "status", "note"]
        widgets = {"due_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.for_user(user).filter(is_active=True).order_by("username")

    def clean(self):
        data = super().clean()
        if not data.get("owner_name") and not data.get("owner"):
            self.add_error("owner_name", _("Isi penanggung jawab (nama jabatan atau akun)."))
        return data


class AdoptForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=OrgUnit.objects.none())
    election = forms.ModelChoiceField(label=_("Pemilu/pilkada"), queryset=Election.objects.all())
    templates = forms.MultipleChoiceField(
        label=_("Titik rawan bawaan"), widget=forms.CheckboxSelectMultiple,
        choices=[(t["key"], f"{Phase(t['phase']).label}: {t['title']}") for t in RISK_TEMPLATES])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user).filter(is_active=True)
        self.fields["unit"].label_from_instance = _unit_label
        self.fields["templates"].widget.attrs["class"] = "form-check-input"
        if user.unit_id:
            self.fields["unit"].initial = user.unit_id
        self.fields["templates"].initial = [t["key"] for t in RISK_TEMPLATES]


class RiskFilterForm(forms.Form):
    election = forms.ModelChoiceField(label=_("Pemilu/pilkada"), queryset=Election.objects.all(), required=False,
                                      empty_label=_("Semua pemilu"))
    phase = forms.ChoiceField(label=_("Fase"), required=False, choices=[("", _("Semua fase"))] + Phase.choices)
    stage = forms.ModelChoiceField(label=_("Tahapan"), queryset=Stage.objects.none(), required=False,
                                   empty_label=_("Semua tahapan"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("Semua unit"))
    level = forms.ChoiceField(label=_("Tingkat"), required=False, choices=[("", _("Semua tingkat"))] + Level.choices)
    likelihood = forms.IntegerField(required=False, min_value=1, max_value=5, widget=forms.HiddenInput)
    impact = forms.IntegerField(required=False, min_value=1, max_value=5, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
        self.fields["unit"].label_from_instance = _unit_label
        self.fields["stage"].queryset = Stage.objects.select_related("election").order_by("election", "start")
        self.fields["stage"].label_from_instance = lambda s: f"{s.election.name}: {s.name}"
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs["class"] = "form-select form-select-sm"

    def filter(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d.get("election"):
            qs = qs.filter(election=d["election"])
        if d.get("phase"):
            qs = qs.filter(phase=d["phase"])
        if d.get("stage"):
            qs = qs.relevant_to(d["stage"])
        if d.get("unit"):
            qs = qs.filter(unit__path__startswith=d["unit"].path)
        if d.get("level"):
            qs = qs.filter(level=d["level"])
        if d.get("likelihood"):
            qs = qs.filter(likelihood=d["likelihood"])
        if d.get("impact"):
            qs = qs.filter(impact=d["impact"])
        return qs
