"""Workflows across election models: contestant imports, copying a calendar, adopting the
default risk points into a unit."""

import json
import re
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify

from netral.core import audit
from netral.core import imports
from netral.core.imports import CLEAR, KEEP, ImportResult, cell, storable_json
from netral.core.tabular import Table, TableError, require_columns
from netral.elections.models import Contestant, Election, Mitigation, RiskPoint, Stage
from netral.elections.reference import RISK_TEMPLATES, TEMPLATES_BY_KEY

CSV_COLUMNS = ["key", "election", "number", "name", "aliases", "parties", "hashtags", "slogans"]
MAX_LIST = 50


def normalise_text(value):
    """NFKC, non-breaking spaces and curly apostrophes made plain, spaces collapsed."""
    value = unicodedata.normalize("NFKC", str(value or ""))
    value = value.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(value.split())


def split_list(value):
    items = [normalise_text(v) for v in str(value or "").split(";")]
    return [i for i in items if i][:MAX_LIST]


def _upsert(election, key, values, result, seen_numbers, label, user, number_column="number"):
    """Create or update one contestant; numbers must be unique per election, kind and region."""
    slot = (values["kind"], values.get("region_code", ""), values["number"])
    if slot in seen_numbers:
        result.errors.append((label, imports.issue(f"Nomor urut {values['number']} muncul lebih dari sekali dalam "
                                                   "berkas" + (f" untuk wilayah {slot[1]}." if slot[1] else "."),
                                                   number_column)))
        return
    clash = (Contestant.objects.filter(election=election, kind=slot[0], region_code=slot[1], number=slot[2])
             .exclude(key=key).first())
    if clash is not None:
        result.errors.append((label, imports.issue(f"Nomor urut {values['number']} sudah dipakai {clash.name} "
                                                   f"({clash.key}).", number_column)))
        return
    seen_numbers.add(slot)
    existing = Contestant.objects.filter(election=election, key=key).first()
    if existing is None:
        Contestant.objects.create(election=election, key=key, **values)
        result.created += 1
        return
    changed = False
    for name, value in values.items():
        if getattr(existing, name) != value:
            setattr(existing, name, value)
            changed = True
    if changed:
        existing.save()
        result.updated += 1
    else:
        result.unchanged += 1


def check_contestant_table(table: Table):
    """Refuse a contestants CSV without its required columns before anything is stored."""
    require_columns(table, ["key", "election", "number", "name"])


def import_contestants_csv(table: Table, user, *, progress=None, recheck=None) -> ImportResult:
    """CSV `key,election,number,name,aliases,parties,hashtags,slogans` (lists `;`-separated).

    Optional columns: kind (pair/party), gesture, region (region code). Rows are upserted by
    (election, key); bad rows are reported with their row number and column and the good ones kept.
    Rows are written one savepoint each, committed in chunks (`imports.apply_rows`)."""
    check_contestant_table(table)
    result = ImportResult()
    elections = {e.slug: e for e in Election.objects.all()}
    result.errors.extend((str(n), m) for n, m in table.errors)  # rows the reader could not read at all
    seen_keys, seen_numbers = set(), {}

    def err(number, reason, column=""):
        result.errors.append((str(number), imports.issue(reason, column)))

    def one(number, row):
        label = str(number)
        key = slugify(str(row.get("key") or ""))[:80]
        slug = str(row.get("election") or "").strip().lower()
        name = normalise_text(row.get("name", ""))[:255]
        if not key:
            return err(number, "Kolom key kosong atau tidak sah.", "key")
        election = elections.get(slug)
        if election is None:
            return err(number, f"Pemilu/pilkada dengan kode {slug[:40]!r} tidak dikenal."
                       if slug else "Kolom election kosong.", "election")
        if (slug, key) in seen_keys:
            return err(number, f"Key {key} muncul lebih dari sekali dalam berkas.", "key")
        try:
            ballot = int(str(row.get("number") or "").strip())
            if not 1 <= ballot <= 99:
                raise ValueError
        except ValueError:
            return err(number, f"Nomor urut harus bilangan 1–99, bukan {str(row.get('number') or '')[:20]!r}.",
                       "number")
        if not name:
            return err(number, "Nama kosong.", "name")
        kind = str(row.get("kind") or "pair").strip().lower()
        if kind not in (Contestant.Kind.PAIR, Contestant.Kind.PARTY, Contestant.Kind.EMPTY):
            return err(number, f"Jenis peserta tidak dikenal: {kind[:20]!r} (pair, party, empty).", "kind")
        gesture = None
        if str(row.get("gesture") or "").strip():
            try:
                gesture = int(row["gesture"])
                if not 1 <= gesture <= 10:
                    raise ValueError
            except ValueError:
                return err(number, "Kolom gesture harus jumlah jari 1–10.", "gesture")
        seen_keys.add((slug, key))
        # Upsert rules (core.imports): an absent column or empty cell keeps what is recorded, "-" clears it.
        existing = Contestant.objects.filter(election=election, key=key).first()
        values = dict(number=ballot, name=name)
        for column, attr, convert, empty in (
                ("aliases", "aliases", split_list, []), ("parties", "parties", split_list, []),
                ("hashtags", "hashtags", split_list, []), ("slogans", "slogans", split_list, []),
                ("region", "region_code", lambda v: v[:16], "")):
            value = cell(row, column)
            if value is CLEAR:
                values[attr] = empty
            elif value is not KEEP:
                values[attr] = convert(value)
            elif existing is None:
                values[attr] = empty
            else:
                values[attr] = getattr(existing, attr)
        if cell(row, "kind") is KEEP and existing is not None:
            kind = existing.kind
        values["kind"] = kind
        g = cell(row, "gesture")
        values["gesture"] = (None if g is CLEAR or (g is KEEP and existing is None)
                             else existing.gesture if g is KEEP else gesture)
        _upsert(election, key, values, result, seen_numbers.setdefault(slug, set()), label, user)

    with audit.acting_as(user):
        imports.apply_rows(table.rows, one, on_error=err, progress=progress, recheck=recheck)
    return result


# --- KPU JSON --------------------------------------------------------------------------------------

TITLE_WORDS = {
    "prof", "dr", "drs", "dra", "ir", "h", "hj", "kh", "tgk", "capt", "letjen", "mayjen", "brigjen", "komjen", "irjen",
    "kombes", "jenderal", "laksda", "marsda", "kolonel", "pol", "tni", "purn", "ust", "drg", "apt", "ns", "hc", "",
}
BRACKETS = re.compile(r"\(([^)]*)\)")
KOLOM_KOSONG = "kolom kosong"


def clean_person_name(raw):
    """'Dr. Ir. PRAMONO ANUNG WIBOWO, M.M.' -> 'Pramono Anung Wibowo'; nicknames in brackets returned apart."""
    raw = normalise_text(raw)
    nicknames = [normalise_text(n) for n in BRACKETS.findall(raw)]
    nicknames = [n for n in nicknames if n and not re.fullmatch(r"(?i)purn\.?", n)]
    text = BRACKETS.sub(" ", raw)
    text = text.split(",", 1)[0]  # post-nominal titles follow the first comma
    words = text.split()
    while words and words[0].lower().strip(".,()").replace(".", "") in TITLE_WORDS:
        words.pop(0)
    name = " ".join(w for w in words if w not in (".", "-"))
    name = name.title() if name.isupper() else name
    return name.strip(" ."), [n.title() if n.isupper() else n for n in nicknames]


def pair_from_kpu(nama, number, region_code):
    """Name, aliases and kind of one KPU record."""
    full = normalise_text(nama)
    head_raw, _, deputy_raw = full.partition(" - ")
    if not deputy_raw and full.endswith(" -"):
        head_raw = full[:-2]
    if head_raw.strip().lower() == KOLOM_KOSONG:
        return "Kolom kosong", ["kolom kosong", "kotak kosong"], Contestant.Kind.EMPTY
    head, head_nicks = clean_person_name(head_raw)
    deputy, deputy_nicks = clean_person_name(deputy_raw) if deputy_raw.strip() else ("", [])
    aliases = []
    for a in [head, deputy, *head_nicks, *deputy_nicks]:
        if a and a not in aliases:
            aliases.append(a)
    if head and deputy:
        aliases.append(f"{head.split()[-1]}-{deputy.split()[-1]}")
    return full.rstrip(" -"), aliases, Contestant.Kind.PAIR


def parse_kpu_json(raw):
    """Decode and check the shape; raise TableError (an Indonesian message) for a bad file."""
    if isinstance(raw, str):
        text = raw
    else:
        if not raw:
            raise TableError("Berkas kosong.")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableError("Berkas bukan teks UTF-8; simpan ulang sebagai JSON UTF-8.") from None
    if not text.strip():
        raise TableError("Berkas kosong.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise TableError(f"Berkas bukan JSON yang sah (baris {e.lineno}, kolom {e.colno}).") from None
    except RecursionError:
        raise TableError("Berkas JSON bersarang terlalu dalam.") from None
    except ValueError:  # an integer of over 4300 digits: a plain ValueError, not a JSONDecodeError
        raise TableError("Berkas bukan JSON yang sah (angka terlalu panjang).") from None
    data = storable_json(data)  # a lone surrogate ("\\ud800") or NUL could be neither stored nor shown
    if not isinstance(data, dict) or not data:
        raise TableError("Bentuk JSON tidak sesuai: harus objek berisi kode wilayah → ID paslon → data paslon.")
    if not any(isinstance(v, dict) and any(isinstance(r, dict) for r in v.values()) for v in data.values()):
        raise TableError("Bentuk JSON tidak sesuai: tidak ada data paslon (nama, nomor_urut) di bawah kode wilayah.")
    return data


def kpu_records(data):
    """The records of a decoded KPU file as (label, (region, pair id, record)), and the region-level errors."""
    records, errors = [], []
    for region, pairs in data.items():
        region = str(region).strip()
        if not re.fullmatch(r"\d{2}(\d{2})?", region):
            errors.append((region[:40], imports.issue(f"Kode wilayah tidak sah: {region[:40]!r} (harus 2 atau 4 "
                                                      "angka).", "kode wilayah")))
            continue
        if not isinstance(pairs, dict):
            errors.append((region, imports.issue("Isi wilayah harus objek ID paslon → data paslon.", "kode wilayah")))
            continue
        for pid, rec in pairs.items():
            records.append((f"{region}/{str(pid)[:40]}", (region, pid, rec)))
    return records, errors


def import_kpu_json(raw, election, user, region_names=None, *, progress=None, recheck=None) -> ImportResult:
    """KPU Sirekap shape: {region code: {pair id: {"nama", "nomor_urut", "warna", "ts"}}}.

    `raw` is the file (bytes or text) or the already decoded object (a job stores it decoded at upload)."""
    data = raw if isinstance(raw, dict) else parse_kpu_json(raw)
    if region_names is None:  # KPU's files carry codes only: names from the committed region list
        from netral.elections.wilayah import names

        region_names = names()
    result = ImportResult()
    records, result.errors = kpu_records(data)
    seen_numbers = set()

    def one(label, item):
        region, pid, rec = item
        _kpu_record(election, region, pid, rec, label, result, seen_numbers, region_names, user)

    with audit.acting_as(user):
        imports.apply_rows(records, one, on_error=lambda label, reason: result.errors.append((label, reason)),
                           progress=progress, recheck=recheck)
    return result


def _kpu_record(election, region, pid, rec, label, result, seen_numbers, region_names, user):
    """One pair of a KPU file, upserted, or its error in `result`."""
    if not isinstance(rec, dict):
        result.errors.append((label, "Data paslon harus objek dengan nama dan nomor_urut."))
        return
    nama, number = rec.get("nama"), rec.get("nomor_urut")
    if not isinstance(nama, str) or not nama.strip(" -"):
        result.errors.append((label, imports.issue("Kolom nama kosong atau tidak ada.", "nama")))
        return
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 99:
        result.errors.append((label, imports.issue(f"nomor_urut harus bilangan 1–99, bukan {str(number)[:20]!r}.",
                                                   "nomor_urut")))
        return
    name, aliases, kind = pair_from_kpu(nama, number, region)
    key = slugify(f"kpu-{pid}")[:80] if str(pid).strip() else slugify(f"{region}-{number}")
    values = dict(kind=kind, number=number, name=name[:255], aliases=aliases[:MAX_LIST], region_code=region,
                  region_name=region_names.get(region, ""), external_id=str(pid)[:32])
    # Kolom kosong shares the ballot numbering of the pairs of its region.
    slot = (region, number)
    if slot in seen_numbers:
        result.errors.append((label, imports.issue(f"Nomor urut {number} muncul lebih dari sekali untuk wilayah "
                                                   f"{region}.", "nomor_urut")))
        return
    seen_numbers.add(slot)
    _upsert(election, key, values, result, set(), label, user, number_column="nomor_urut")


# --- Copy a calendar -------------------------------------------------------------------------------


def copy_election(source, *, slug, name, shift_days, user=None, kind=None, copy_contestants=False):
    """A new election with `source`'s stages moved by `shift_days` (e.g. Pemilu 2029 from 2024)."""
    delta = timedelta(days=shift_days)
    with transaction.atomic(), audit.acting_as(user or "sistem"):
        election = Election.objects.create(
            slug=slug, name=name, kind=kind or source.kind, level=source.level, region_name=source.region_name,
            region_code=source.region_code, voting_day=source.voting_day + delta,
            candidates_set_on=source.candidates_set_on + delta if source.candidates_set_on else None,
            legal_basis="", notes=f"Disalin dari {source.name}, tanggal digeser {shift_days} hari; "
                                  "sesuaikan dengan PKPU tahapan yang berlaku.")
        for s in source.stages.all():
            Stage.objects.create(election=election, name=s.name, start=s.start + delta, end=s.end + delta,
                                 phase=s.phase, intensity=s.intensity, notes=s.notes)
        if copy_contestants:
            for c in source.contestants.all():
                c.pk, c.election = None, election
                c.save()
        audit.record_event(election, f"Disalin dari {source.slug}, digeser {shift_days} hari", actor=user)
    return election


# --- Adopt default risk points ---------------------------------------------------------------------


def adopt_templates(unit, election, user=None, keys=None, with_mitigations=True):
    """Copy default risk points into `unit` for `election`. Skips templates already adopted there.

    Returns the list of RiskPoints created."""
    keys = list(keys) if keys else [t["key"] for t in RISK_TEMPLATES]
    have = set(RiskPoint.objects.filter(unit=unit, election=election).values_list("template_key", flat=True))
    created = []
    with transaction.atomic(), audit.acting_as(user or "sistem"):
        for key in keys:
            t = TEMPLATES_BY_KEY.get(key)
            if t is None or key in have:
                continue
            rp = RiskPoint.objects.create(
                unit=unit, election=election, phase=t["phase"], title=t["title"], description=t["description"],
                likelihood=t["likelihood"], impact=t["impact"], template_key=key,
                created_by=user if getattr(user, "pk", None) else None)
            if with_mitigations:
                # Preventive actions are due a week before the phase begins.
                stage = election.stage_for_phase(t["phase"])
                for action, owner in t["mitigations"]:
                    due = stage.start - timedelta(days=7) if stage else None
                    Mitigation.objects.create(risk_point=rp, action=action, owner_name=owner, due_on=due)
            created.append(rp)
    return created
