"""The dependency audit's fallback (.ci/audit.py): PyPI's project JSON carries the vulnerabilities of the latest
release only. Fixtures in pypi/ are PyPI's real answers (https://pypi.org/pypi/<name>/json, December 2026),
trimmed to the fields the audit reads plus the last releases. No network here."""

import copy
import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).parent / "pypi"


def load_audit():
    spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


audit = load_audit()


def answer(name):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def decide(packages, answers, allowed=frozenset(), strict=False):
    result = audit.assess(packages, answers, set(allowed))
    out = io.StringIO()
    with redirect_stdout(out):
        ok = audit.report(result, len(packages), strict)
    return ok, result, out.getvalue()


class ProjectJsonAuditTestCase(SimpleTestCase):
    # --- what fails ---

    def test_a_vulnerability_of_the_installed_latest_release_fails_with_its_id_and_fix(self):
        ok, result, text = decide({"ecdsa": "0.19.2", "sqlparse": "0.6.1"},
                                  {"ecdsa": answer("ecdsa"), "sqlparse": answer("sqlparse")})
        self.assertFalse(ok)
        self.assertEqual(sorted(result["verified"]), ["ecdsa", "sqlparse"])
        # PyPI lists the one advisory twice (PYSEC-2026-1325 and GHSA-wj6h-64fc-37mp, aliases of each other).
        self.assertEqual(len(answer("ecdsa")["vulnerabilities"]), 2)
        self.assertEqual(len(result["vulnerable"]), 1)
        self.assertIn("GAGAL: 1 kerentanan", text)
        self.assertIn("ecdsa 0.19.2: PYSEC-2026-1325 CVE-2024-23342 GHSA-wj6h-64fc-37mp", text)
        self.assertIn("perbaikan: belum ada", text)  # fixed_in is empty: no release fixes it
        # AUDIT_STRICT does not soften it, and nothing else does either.
        self.assertFalse(decide({"ecdsa": "0.19.2"}, {"ecdsa": answer("ecdsa")}, strict=True)[0])

    def test_a_fixed_in_version_is_named(self):
        doc = answer("ecdsa")
        doc["vulnerabilities"][0]["fixed_in"] = ["0.19.3"]
        ok, _result, text = decide({"ecdsa": "0.19.2"}, {"ecdsa": doc})
        self.assertFalse(ok)
        self.assertIn("perbaikan: 0.19.3", text)

    def test_nothing_reachable_warns_and_fails_only_when_strict(self):
        answers = {"django": "<urlopen error [Errno -3] Temporary failure in name resolution>", "sqlparse": "HTTP 404"}
        ok, result, text = decide({"django": "5.2.19", "sqlparse": "0.6.1"}, answers)
        self.assertTrue(ok)
        self.assertEqual(result["verified"], [])
        self.assertIn("PERINGATAN: tidak satu paket pun dapat diperiksa", text)
        self.assertIn("2 tanpa jawaban", text)
        self.assertFalse(decide({"django": "5.2.19", "sqlparse": "0.6.1"}, answers, strict=True)[0])

    def test_an_older_installed_version_is_not_verifiable_and_named(self):
        ok, result, text = decide({"django": "5.2.19", "sqlparse": "0.6.1"},
                                  {"django": answer("django"), "sqlparse": answer("sqlparse")})
        self.assertTrue(ok)
        self.assertEqual(result["verified"], ["sqlparse"])
        self.assertEqual(result["not_latest"], [("django", "5.2.19", "6.1.3")])
        self.assertIn("1 terperiksa", text)
        self.assertIn("1 tidak dapat diperiksa", text)
        self.assertIn("django 5.2.19 (terbaru 6.1.3)", text)
        self.assertFalse(decide({"django": "5.2.19"}, {"django": answer("django")}, strict=True)[0])

    def test_an_older_version_is_not_verifiable_even_when_the_latest_is_vulnerable(self):
        # The latest's list says nothing certain about 0.19.1 either way: reported, not guessed.
        ok, result, _text = decide({"ecdsa": "0.19.1"}, {"ecdsa": answer("ecdsa")})
        self.assertTrue(ok)
        self.assertEqual((result["vulnerable"], result["not_latest"]), ([], [("ecdsa", "0.19.1", "0.19.2")]))

    # --- what passes ---

    def test_allow_listed_by_id_or_alias_passes_and_is_shown(self):
        for allowed in ({"PYSEC-2026-1325"}, {"CVE-2024-23342"}, {"GHSA-wj6h-64fc-37mp"}):
            ok, result, text = decide({"ecdsa": "0.19.2"}, {"ecdsa": answer("ecdsa")}, allowed=allowed)
            self.assertTrue(ok, text)
            self.assertEqual(len(result["accepted"]), 1)
            self.assertIn("diterima (allow-list): ecdsa 0.19.2", text)
        self.assertFalse(decide({"ecdsa": "0.19.2"}, {"ecdsa": answer("ecdsa")}, allowed={"CVE-2024-0001"})[0])

    def test_a_withdrawn_vulnerability_is_ignored(self):
        doc = answer("ecdsa")
        for v in doc["vulnerabilities"]:
            v["withdrawn"] = "2026-11-01T00:00:00Z"
        ok, result, _text = decide({"ecdsa": "0.19.2"}, {"ecdsa": doc})
        self.assertTrue(ok)
        self.assertEqual(result["vulnerable"], [])

    def test_everything_latest_and_clean_passes_without_warning(self):
        doc = copy.deepcopy(answer("django"))
        ok, result, text = decide({"django": "6.1.3", "sqlparse": "0.6.1"},
                                  {"django": doc, "sqlparse": answer("sqlparse")}, strict=True)
        self.assertTrue(ok)
        self.assertEqual(result["verified"], ["django", "sqlparse"])
        self.assertNotIn("PERINGATAN", text)
        # "6.1.3" and "6.1.3.0" are the same version (PEP 440), not a mismatch.
        self.assertEqual(audit.assess({"django": "6.1.3.0"}, {"django": doc}, set())["verified"], ["django"])

    # --- plumbing ---

    def test_installed_distributions_skip_the_editable_project(self):
        found = audit.installed()
        self.assertNotIn("netral", found)
        self.assertIn("django", found)
        self.assertEqual(audit.canonical("Jsonschema_RS.x"), "jsonschema-rs-x")

    def test_pip_audit_comes_first_and_the_fallback_only_when_it_checked_nothing(self):
        with mock.patch.object(audit, "run_pip_audit", return_value=False), \
                mock.patch.object(audit, "run_project_json_audit") as fallback:
            self.assertFalse(audit.run_dependency_audit())
            fallback.assert_not_called()
        with mock.patch.object(audit, "run_pip_audit", return_value=None), \
                mock.patch.object(audit, "run_project_json_audit", return_value=True) as fallback:
            self.assertTrue(audit.run_dependency_audit())
            fallback.assert_called_once()
