"""The keyed chain and its exported heads: an attacker with write access to the database can
neither recompute the chain nor cut its tail without `verify_audit` saying so."""

import importlib
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from netral.core import audit, scheduler
from netral.core.models import AuditEntry, AuditHead
from netral.test import BaseTestCase, make_unit

rekey = importlib.import_module("netral.core.migrations.0004_audit_chain_keyed").rekey


def recompute_with_plain_sha256():
    """What an attacker with database access does: edit, then recompute every hash as the old code did."""
    prev = audit.GENESIS
    for e in AuditEntry.objects.order_by("seq"):
        e.prev_hash = prev
        e.hash = prev = audit.plain_entry_hash(**audit.entry_fields(e))
        AuditEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
    last = AuditEntry.objects.order_by("-seq").first()
    AuditHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)


def verify():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


class KeyedChainTestCase(BaseTestCase):
    def test_verify_audit_catches_every_hash_recomputed_with_plain_sha256(self):
        make_unit("K1", "lapas", self.kanwil, name="Asli")
        entry = AuditEntry.objects.get(object_repr="Asli")
        AuditEntry.objects.filter(pk=entry.pk).update(after=dict(entry.after, name="Dipalsukan"))
        recompute_with_plain_sha256()
        with self.assertRaisesMessage(CommandError, "entri #1:"):
            call_command("verify_audit", stdout=StringIO())

    def test_a_different_key_does_not_verify(self):
        make_unit("K2", "lapas", self.kanwil)
        self.assertIsNone(audit.verify_chain()[1])
        with override_settings(AUDIT_KEY="k" * 40):
            self.assertIn("dihitung ulang tanpa kunci audit", audit.verify_chain()[1][1])

    def test_verify_audit_catches_the_last_entries_deleted_and_the_head_rewound(self):
        make_unit("K3", "lapas", self.kanwil)
        self.assertIsNotNone(audit.export_head())
        last = AuditEntry.objects.order_by("-seq").first()
        prev = AuditEntry.objects.get(seq=last.seq - 1)
        AuditEntry.objects.filter(pk=last.pk)._raw_delete(AuditEntry.objects.db)
        AuditHead.objects.filter(pk=1).update(seq=prev.seq, hash=prev.hash)
        with self.assertRaisesMessage(CommandError, "entri terakhir dihapus"):
            call_command("verify_audit", stdout=StringIO())

    def test_without_an_exported_head_verify_audit_warns_that_truncation_is_invisible(self):
        make_unit("K4", "lapas", self.kanwil)
        out = verify()
        self.assertIn("belum ada kepala rantai yang diekspor", out)
        audit.export_head()
        out = verify()
        self.assertIn("Dibandingkan dengan 1 kepala rantai", out)
        self.assertIn("Rantai audit utuh", out)

    def test_verify_audit_catches_a_recomputed_chain_by_the_exported_head_even_with_the_key(self):
        make_unit("K5", "lapas", self.kanwil, name="Asli")
        audit.export_head()
        # Someone holding the key rewrites history and recomputes every HMAC: self-consistent,
        # but the exported head no longer matches.
        entry = AuditEntry.objects.get(object_repr="Asli")
        AuditEntry.objects.filter(pk=entry.pk).update(after=dict(entry.after, name="Dipalsukan"))
        prev = audit.GENESIS
        for e in AuditEntry.objects.order_by("seq"):
            e.prev_hash = prev
            e.hash = prev = audit.hash_of(e)
            AuditEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
        AuditHead.objects.filter(pk=1).update(hash=prev)
        with self.assertRaisesMessage(CommandError, "berbeda dari kepala yang diekspor"):
            call_command("verify_audit", stdout=StringIO())

    def test_an_edited_head_file_is_refused(self):
        make_unit("K6", "lapas", self.kanwil)
        audit.export_head()
        path = next(Path(settings.AUDIT_HEAD_DIR).glob("audit-head-*.json"))
        doc = json.loads(path.read_text())
        doc["seq"] = 1
        path.write_text(json.dumps(doc))
        with self.assertRaisesMessage(CommandError, "tanda tangan tidak sah"):
            call_command("verify_audit", stdout=StringIO())

    def test_a_head_file_given_on_the_command_line_is_compared(self):
        make_unit("K7", "lapas", self.kanwil)
        doc = audit.export_head()
        mailed = Path(settings.AUDIT_HEAD_DIR) / "dari-email.json"
        mailed.write_text(json.dumps(doc))
        for p in Path(settings.AUDIT_HEAD_DIR).glob("audit-head-*.json"):
            p.unlink()
        last = AuditEntry.objects.order_by("-seq").first()
        AuditEntry.objects.filter(pk=last.pk)._raw_delete(AuditEntry.objects.db)
        prev = AuditEntry.objects.order_by("-seq").first()
        AuditHead.objects.filter(pk=1).update(seq=prev.seq, hash=prev.hash)
        self.assertIn("belum ada kepala", verify())
        with self.assertRaisesMessage(CommandError, "entri terakhir dihapus"):
            call_command("verify_audit", "--head", str(mailed), stdout=StringIO())

    def test_export_writes_once_per_head_and_emails_when_configured(self):
        make_unit("K8", "lapas", self.kanwil)
        self.assertIsNotNone(audit.export_head())
        self.assertIsNone(audit.export_head())  # unchanged head: no second file
        self.assertEqual(len(list(Path(settings.AUDIT_HEAD_DIR).glob("audit-head-*.json"))), 1)
        make_unit("K9", "lapas", self.kanwil)
        with override_settings(AUDIT_HEAD_EMAILS=["arsip@example.go.id"]):
            call_command("export_audit_head", stdout=StringIO())
        self.assertEqual(len(list(Path(settings.AUDIT_HEAD_DIR).glob("audit-head-*.json"))), 2)
        self.assertEqual(mail.outbox[0].to, ["arsip@example.go.id"])
        self.assertIn('"signature"', mail.outbox[0].body)

    def test_the_scheduler_exports_the_head(self):
        self.assertIn("export_audit_head", scheduler.jobs())
        make_unit("K10", "lapas", self.kanwil)
        scheduler.jobs()["export_audit_head"].task.enqueue()
        self.assertEqual(len(list(Path(settings.AUDIT_HEAD_DIR).glob("audit-head-*.json"))), 1)


class RekeyMigrationTestCase(BaseTestCase):
    def test_it_rekeys_a_verified_plain_chain_and_records_the_old_head(self):
        make_unit("M1", "lapas", self.kanwil)
        recompute_with_plain_sha256()
        old = AuditHead.objects.get(pk=1)
        self.assertIsNotNone(audit.verify_chain()[1])
        rekey(apps, None)
        self.assertIsNone(audit.verify_chain()[1])
        marker = AuditEntry.objects.order_by("-seq").first()
        self.assertEqual(marker.before, {"algorithm": "sha256", "head_seq": old.seq, "head_hash": old.hash})

    def test_it_refuses_to_rekey_a_broken_plain_chain(self):
        make_unit("M2", "lapas", self.kanwil, name="Asli")
        recompute_with_plain_sha256()
        entry = AuditEntry.objects.get(object_repr="Asli")
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="Dipalsukan")
        with self.assertRaisesMessage(RuntimeError, f"entri #{entry.seq}"):
            rekey(apps, None)


def test_the_audit_key_is_generated_into_var_or_a_named_file_must_exist(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("AUDIT_KEY", "AUDIT_KEY_FILE", "DJANGO_SETTINGS_MODULE")}
    env.update(SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="netral.settings", VAR_DIR=str(tmp_path / "var"))
    run = lambda e: subprocess.run(  # noqa: E731
        [sys.executable, "-c", "import django; django.setup(); from netral.core import audit; audit.audit_key()"],
        env=e, capture_output=True, text=True, cwd=settings.BASE_DIR)
    p = run(env)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "var" / "audit.key").is_file()  # outside the database, outside git
    p = run(dict(env, AUDIT_KEY_FILE=str(tmp_path / "tidak-ada.key")))
    assert p.returncode != 0 and "tidak ditemukan" in p.stderr
    (tmp_path / "audit.key").write_text("a" * 64)
    assert run(dict(env, AUDIT_KEY_FILE=str(tmp_path / "audit.key"))).returncode == 0


def test_a_laptop_key_is_generated_once_outside_the_database(tmp_path):
    path = tmp_path / "kunci" / "audit.key"
    first = audit._load_key("", str(path), True)
    assert path.is_file() and oct(path.stat().st_mode & 0o777) == "0o600"
    audit._load_key.cache_clear()
    assert audit._load_key("", str(path), True) == first


def test_the_deploy_check_warns_when_the_head_is_exported_nowhere(settings):
    settings.AUDIT_HEAD_DIR = ""
    settings.AUDIT_HEAD_EMAILS = []
    assert [w.id for w in audit.check_head_export()] == ["netral.W001"]
    settings.AUDIT_HEAD_EMAILS = ["arsip@example.go.id"]
    assert audit.check_head_export() == []
