"""Names of the regions behind the Kemendagri codes used by KPU ("11" Aceh, "3578" Kota Surabaya).

KPU's candidate files carry region codes only. ``data/wilayah.csv`` (code, name) holds the 38
provinces and 514 regencies/cities, derived from KPU's public Sirekap Pilkada 2024 region lists
(via razanfawwaz/pilkada-scrap, see ``../shared/formats/kpu/SOURCE.txt``) by

    python -m netral.elections.wilayah ../shared/formats/kpu/wilayah

Names are written for reading: "Provinsi" is left out, a regency gets "Kabupaten" (KPU's lists
write none), a city keeps "Kota", words are capitalised except "dan"; "DKI" and "Kep." stay as written.
"""

from __future__ import annotations

import csv
import functools
import glob
import json
import os
import sys

CSV_PATH = os.path.join(os.path.dirname(__file__), "data", "wilayah.csv")
_KEEP = {"DKI": "DKI", "KEP.": "Kep.", "DAN": "dan"}


def display_name(nama: str, level: int) -> str:
    words = [_KEEP.get(w, w.capitalize()) for w in nama.split()]
    if level == 2 and words and words[0] != "Kota":
        words.insert(0, "Kabupaten")
    return " ".join(words)


@functools.lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """{code: display name} for every province and regency/city."""
    if not os.path.exists(CSV_PATH):
        return {}
    with open(CSV_PATH, encoding="utf-8", newline="") as fh:
        return {r["kode"]: r["nama"] for r in csv.DictReader(fh)}


def build(src_dir: str) -> list[tuple[str, str]]:
    rows = []
    for path in sorted(glob.glob(os.path.join(src_dir, "*.json"))):
        with open(path, encoding="utf-8") as fh:
            for r in json.load(fh):
                rows.append((str(r["kode"]), display_name(str(r["nama"]), int(r["tingkat"]))))
    return sorted(set(rows))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        print("pakai: python -m netral.elections.wilayah <folder kpu/wilayah>", file=sys.stderr)
        return 2
    rows = build(argv[0])
    with open(CSV_PATH, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kode", "nama"])
        w.writerows(rows)
    names.cache_clear()
    print(f"{len(rows)} wilayah -> {CSV_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _norm(name: str) -> str:
    words = name.lower().replace(".", " ").split()
    if words and words[0] == "provinsi":
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, set[str]]:
    """Normalised name -> codes. "semarang" maps to both Kota and Kabupaten Semarang."""
    out: dict[str, set[str]] = {}
    for code, name in names().items():
        full = _norm(name)
        out.setdefault(full, set()).add(code)
        for prefix in ("kabupaten ", "kota "):
            if full.startswith(prefix):
                out.setdefault(full[len(prefix):], set()).add(code)
                if prefix == "kabupaten ":
                    out.setdefault("kab " + full[len(prefix):], set()).add(code)
    return out


def codes_for_names(*region_names: str) -> set[str]:
    """Kemendagri codes for free-text province/regency names as units store them ("Jawa Tengah",
    "Kota Semarang", "Kab. Kudus"). An ambiguous bare name gives every match: showing a unit one
    election too many is better than hiding the one it is in."""
    table = _codes_by_name()
    found: set[str] = set()
    for raw in region_names:
        if raw and raw.strip():
            found |= table.get(_norm(raw), set())
    return found
