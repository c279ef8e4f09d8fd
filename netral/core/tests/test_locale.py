"""The English catalogue (locale/en) is complete, keeps every placeholder, and its committed
django.mo matches the django.po it was compiled from.

Indonesian is the source language; English is the second language. `make messages` refreshes
the catalogue from the code; these tests make a forgotten string, a half-done translation or a
dropped placeholder fail the suite instead of showing Indonesian (or a crash) to an English user.
"""
import ast
import gettext
import os
import re
import shutil
import tempfile
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

# msgids deliberately left without an English translation (none today). Add an entry only with
# a comment saying why, e.g. a legal term that must stay in Indonesian and is not a fallback.
UNTRANSLATED_ON_PURPOSE: set[str] = set()

# Top-level folders that hold no translatable source (or are the catalogue itself).
SKIPPED_TOP_LEVEL = {"locale", "var", "media", "staticfiles", "build", "netral.egg-info"}

# %(name)s, %s, %d, %i, %f (Python), {name} (str.format and the pact template placeholders).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*")


def parse_po(text):
    """The live entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (list),
    flags (set). Obsolete (#~) entries and the header are left out. Small on purpose: polib is
    not a dependency of the project."""
    entries, cur, field = [], None, None

    def finish():
        if cur is not None and cur.get("msgid"):
            entries.append(cur)

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#~") or (not line and cur is not None and field is None):
            continue
        if not line:
            finish()
            cur, field = None, None
            continue
        if cur is None:
            cur = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            cur["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if m:
            keyword, index, value = m.group(1), m.group(2), ast.literal_eval(m.group(3))
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                cur["msgstr"][field[1]] = value
            else:
                field = (keyword, None)
                cur[keyword] = value
        elif line.startswith('"') and field is not None:
            value = ast.literal_eval(line)
            if field[0] == "msgstr":
                cur["msgstr"][field[1]] += value
            else:
                cur[field[0]] += value
    finish()
    for e in entries:
        e["msgstr"] = [e["msgstr"][i] for i in sorted(e["msgstr"])]
    return entries


def placeholders(s):
    return sorted(PLACEHOLDER.findall(s))


def problems(entries):
    """Human-readable reasons why entries are not ready, for the assertion message."""
    out = []
    for e in entries:
        msgid = e["msgid"]
        if msgid in UNTRANSLATED_ON_PURPOSE:
            continue
        if "fuzzy" in e["flags"]:
            out.append(f"fuzzy: {msgid!r}")
            continue
        if not all(e["msgstr"]) or not e["msgstr"]:
            out.append(f"untranslated: {msgid!r}")
            continue
        if e["msgid_plural"] is None:
            if placeholders(msgid) != placeholders(e["msgstr"][0]):
                out.append(f"placeholders differ: {msgid!r} -> {e['msgstr'][0]!r}")
        else:
            allowed = set(placeholders(msgid)) | set(placeholders(e["msgid_plural"]))
            # The singular may leave out the count ("one case"); the plural form keeps them all.
            if not set(placeholders(e["msgstr"][0])) <= allowed:
                out.append(f"unknown placeholder: {msgid!r} -> {e['msgstr'][0]!r}")
            if placeholders(e["msgstr"][-1]) != placeholders(e["msgid_plural"]):
                out.append(f"placeholders differ: {e['msgid_plural']!r} -> {e['msgstr'][-1]!r}")
        for got in e["msgstr"]:
            if sorted(TAG.findall(got)) != sorted(TAG.findall(msgid)):
                out.append(f"HTML tags differ: {msgid!r} -> {got!r}")
    return out


class CatalogueTestCase(SimpleTestCase):
    def test_the_parser_reads_plurals_fuzzy_and_continuations(self):
        entries = parse_po(
            'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
            '#, fuzzy, python-format\n#| msgid "lama"\nmsgid "Kasus %(n)s"\nmsgstr "Case %(n)s"\n\n'
            'msgid ""\n"Panjang "\n"sekali"\nmsgstr ""\n\n'
            'msgid "%(n)s kasus"\nmsgid_plural "%(n)s kasus"\nmsgstr[0] "one case"\nmsgstr[1] "%(n)s cases"\n\n'
            '#~ msgid "usang"\n#~ msgstr ""\n'
        )
        self.assertEqual([e["msgid"] for e in entries], ["Kasus %(n)s", "Panjang sekali", "%(n)s kasus"])
        self.assertEqual(
            problems(entries), ["fuzzy: 'Kasus %(n)s'", "untranslated: 'Panjang sekali'"])
        self.assertEqual(entries[2]["msgstr"], ["one case", "%(n)s cases"])

    def test_a_dropped_or_changed_placeholder_is_reported(self):
        entries = parse_po(
            'msgid "Batas %(l)s: %(d)s"\nmsgstr "Deadline: %(d)s"\n\n'
            'msgid "Halo {nama}"\nmsgstr "Hello {name}"\n\n'
            'msgid "<strong>%(n)s</strong> baru"\nmsgstr "%(n)s new"\n\n'
            'msgid "%(n)s kasus"\nmsgid_plural "%(n)s kasus"\nmsgstr[0] "one case"\nmsgstr[1] "cases"\n'
        )
        found = problems(entries)
        self.assertEqual(len(found), 4, found)
        self.assertIn("placeholders differ: 'Batas %(l)s: %(d)s'", found[0])
        self.assertIn("{nama}", found[1])
        self.assertIn("HTML tags differ", found[2])
        self.assertIn("'%(n)s kasus' -> 'cases'", found[3])

    def test_every_english_entry_is_translated_and_keeps_its_placeholders(self):
        entries = parse_po(PO.read_text(encoding="utf-8"))
        self.assertGreater(len(entries), 1000)
        found = problems(entries)
        self.assertEqual(found, [], "Run `make messages` and translate these in locale/en:\n" + "\n".join(found))

    def test_the_exceptions_list_names_only_real_msgids(self):
        msgids = {e["msgid"] for e in parse_po(PO.read_text(encoding="utf-8"))}
        self.assertEqual(UNTRANSLATED_ON_PURPOSE - msgids, set())

    def test_the_committed_mo_matches_the_po(self):
        # The .mo is committed (the app serves it without gettext tools installed): a .po edited
        # without `make messages` would silently keep serving the old translations.
        with MO.open("rb") as f:
            mo = gettext.GNUTranslations(f)
        stale = []
        for e in parse_po(PO.read_text(encoding="utf-8")):
            if "fuzzy" in e["flags"] or not all(e["msgstr"]):
                continue
            if e["msgid_plural"] is None:
                got = mo.pgettext(e["msgctxt"], e["msgid"]) if e["msgctxt"] else mo.gettext(e["msgid"])
                want = e["msgstr"][0]
            else:
                got, want = mo.ngettext(e["msgid"], e["msgid_plural"], 2), e["msgstr"][1]
            if got != want:
                stale.append(e["msgid"])
        self.assertEqual(stale[:10], [], f"{len(stale)} entries differ; run `make messages`")

    @skipUnless(shutil.which("xgettext") and shutil.which("msgmerge"), "gettext tools not installed")
    def test_no_string_in_the_code_is_missing_from_the_catalogue(self):
        # Same command as `make messages`, but run in a scratch tree that links to the sources and
        # holds a copy of the catalogue: makemessages writes to the locale/ beside the files it
        # scans, and the checkout's catalogue must stay untouched.
        base = Path(settings.BASE_DIR)
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "locale" / "en" / "LC_MESSAGES"
            target.mkdir(parents=True)
            shutil.copy(PO, target / "django.po")
            for child in base.iterdir():
                if not child.name.startswith(".") and child.name not in SKIPPED_TOP_LEVEL:
                    (Path(tmp) / child.name).symlink_to(child)
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                with override_settings(LOCALE_PATHS=[str(Path(tmp) / "locale")]):
                    call_command("makemessages", locale=["en"], ignore_patterns=[".venv/*", "netral/detect/*"],
                                 no_location=True, symlinks=True, verbosity=0)
            finally:
                os.chdir(cwd)
            found = problems(parse_po((target / "django.po").read_text(encoding="utf-8")))
        self.assertEqual(found, [], "Run `make messages` and translate these in locale/en:\n" + "\n".join(found))
