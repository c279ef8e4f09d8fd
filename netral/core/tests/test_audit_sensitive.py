"""Personal data in the audit chain (core.audit `audit_sensitive`, docs/privacy.md "What the audit log holds"):
an entry records that a sensitive field changed and a keyed digest of each value, never the value."""

import itertools
import json
import re
from io import StringIO

from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from netral.core import audit
from netral.core.models import AuditEntry
from netral.monitoring.models import ContentItem, MediaFile
from netral.people.models import Employee, RosterImport, SocialAccount
from netral.test import BaseTestCase

OLD = {"nik": "3201011501900003", "phone": "081234567890", "email": "budi.pribadi@contoh.id",
       "notes": "Akun pribadi, dikonfirmasi lewat telepon istri", "text": "Coblos nomor 2, kata Pak Budi di grup RT",
       "ref_text": "Kutipan dari Bu Sri: pilih yang muda", "ocr_text": "Tangkapan layar: Budi 0812 dukung 02"}
_n = itertools.count()
NEW = {"nik": "3201011501900004", "phone": "089876543210", "email": "budi.baru@contoh.id",
       "notes": "Akun kedua, diakui sendiri saat klarifikasi", "text": "Teks koreksi dari pengawas setelah OCR ulang",
       "ref_text": "Kutipan kedua yang berbeda sama sekali", "ocr_text": "Hasil OCR yang diperbaiki oleh petugas"}


def stored_rows(model, pk):
    """Every audit row about the object exactly as the database gives it back: the model's values and the raw
    SQL row, serialised, so that a value hidden anywhere (before, after, repr, note) is found."""
    rows = AuditEntry.objects.filter(model=model, object_pk=str(pk)).order_by("seq")
    text = json.dumps(list(rows.values()), ensure_ascii=False, default=str)
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {AuditEntry._meta.db_table} WHERE model = %s AND object_pk = %s",  # nosec B608
                    [model, str(pk)])
        text += repr(cur.fetchall())
    return list(rows), text


class SensitiveFieldsTestCase(BaseTestCase):
    def employee(self, **values):
        return Employee.objects.create(unit=self.upt_a, employment_type="pns", nip="198503122010121001",
                                       name="Budi Santoso", position="Penjaga", **values)

    def subjects(self):
        """(model label, field, create with the OLD value) for every sensitive field. A captured item's own text
        and quoted text never change (ContentItem.save refuses it): they are written on create and delete only."""
        emp = lambda f: self.employee(**{f: OLD[f]})  # noqa: E731
        item = lambda f: ContentItem.objects.create(platform="x", external_id=f"s-{next(_n)}", handle="budi_asn",  # noqa: E731
                                                    unit=self.upt_a, payload={}, **{f: OLD[f]})
        return [
            ("people.employee", "nik", lambda: emp("nik")),
            ("people.employee", "phone", lambda: emp("phone")),
            ("people.employee", "email", lambda: emp("email")),
            ("core.user", "email", lambda: type(self.pegawai).objects.create(username="budi2", unit=self.upt_a,
                                                                              email=OLD["email"])),
            ("people.socialaccount", "notes", lambda: SocialAccount.objects.create(
                employee=self.employee(), platform="x", handle="budi_asn", notes=OLD["notes"])),
            ("monitoring.contentitem", "text", lambda: item("text")),
            ("monitoring.contentitem", "ref_text", lambda: item("ref_text")),
            ("monitoring.contentitem", "ocr_text", lambda: item("ocr_text")),
            ("monitoring.mediafile", "ocr_text", lambda: MediaFile.objects.create(
                content=item("text"), file="media/x.png", sha256="0" * 64, ocr_text=OLD["ocr_text"])),
        ]

    # --- failure paths first ---

    def test_a_declaration_naming_no_field_or_an_excluded_one_is_a_system_error(self):
        saved = Employee.audit_sensitive
        try:
            Employee.audit_sensitive = {"nikk"}
            self.assertEqual([e.id for e in audit.check_sensitive_declarations()], ["netral.E010"])
            Employee.audit_sensitive = {"nik", "updated_at"}
            self.assertEqual([e.id for e in audit.check_sensitive_declarations()], ["netral.E011"])
        finally:
            Employee.audit_sensitive = saved
        self.assertEqual(audit.check_sensitive_declarations(), [])

    def test_the_digest_matches_only_the_value_of_that_field_of_that_object(self):
        a = self.employee(nik=OLD["nik"])
        ea = AuditEntry.objects.get(model="people.employee", object_pk=str(a.pk), action="create")
        self.assertEqual(audit.value_matches(ea, "nik", OLD["nik"]), ["after"])
        self.assertEqual(audit.value_matches(ea, "nik", NEW["nik"]), [])          # another value
        self.assertEqual(audit.value_matches(ea, "nik", OLD["nik"] + " "), [])    # not even nearly
        self.assertEqual(audit.value_matches(ea, "phone", OLD["nik"]), [])        # another field
        self.assertEqual(audit.value_matches(ea, "name", "Budi Santoso"), [])     # a field kept in the clear
        # Equal values of two rows, or of two fields, do not show as equal digests (bound to object and field).
        digest = ea.after["nik"]["digest"]
        self.assertEqual(digest, audit.field_digest("people.employee", a.pk, "nik", OLD["nik"]))
        self.assertNotEqual(digest, audit.field_digest("people.employee", a.pk + 1, "nik", OLD["nik"]))
        self.assertNotEqual(digest, audit.field_digest("people.employee", a.pk, "phone", OLD["nik"]))
        self.assertNotEqual(digest, audit.field_digest("core.user", a.pk, "nik", OLD["nik"]))

    def test_check_audit_value_refuses_a_missing_entry_a_field_without_digest_and_a_wrong_value(self):
        emp = self.employee(nik=OLD["nik"])
        seq = AuditEntry.objects.get(model="people.employee", object_pk=str(emp.pk)).seq
        with self.assertRaisesMessage(CommandError, "tidak ada"):
            call_command("check_audit_value", "999999", "nik", stdin=StringIO(OLD["nik"]))
        with self.assertRaisesMessage(CommandError, "tidak memuat sidik"):
            call_command("check_audit_value", str(seq), "name", stdin=StringIO("Budi Santoso"))
        with self.assertRaisesMessage(CommandError, "TIDAK COCOK"):
            call_command("check_audit_value", str(seq), "nik", stdin=StringIO(NEW["nik"] + "\n"))
        out = StringIO()
        call_command("check_audit_value", str(seq), "nik", stdin=StringIO(OLD["nik"] + "\n"), stdout=out)
        self.assertIn("COCOK", out.getvalue())
        self.assertIn("sesudah", out.getvalue())

    def test_an_edited_digest_breaks_the_chain(self):
        emp = self.employee(phone=OLD["phone"])
        entry = AuditEntry.objects.get(model="people.employee", object_pk=str(emp.pk))
        entry.after["phone"]["digest"] = audit.field_digest("people.employee", emp.pk, "phone", NEW["phone"])
        entry.save(_allow_update=True)
        self.assertEqual(audit.verify_chain(heads=[])[1][0], entry.seq)

    # --- what the chain holds ---

    def test_no_entry_holds_the_old_or_new_value_of_any_sensitive_field(self):
        for model, field, make in self.subjects():
            with self.subTest(model=model, field=field):
                obj = make()
                immutable = model == "monitoring.contentitem" and field in ("text", "ref_text")
                if immutable:
                    pk = obj.pk
                    obj.delete()
                    entries, text = stored_rows(model, pk)
                    self.assertEqual([e.action for e in entries], ["create", "delete"])
                    self.assertNotIn(OLD[field], text)
                    self.assertEqual(audit.value_matches(entries[0], field, OLD[field]), ["after"])
                    self.assertEqual(audit.value_matches(entries[1], field, OLD[field]), ["before"])
                    self.assertEqual(audit.value_matches(entries[1], field, NEW[field]), [])
                    continue
                setattr(obj, field, NEW[field])
                obj.save()
                pk = obj.pk
                obj.delete()
                entries, text = stored_rows(model, pk)
                self.assertEqual([e.action for e in entries], ["create", "update", "delete"])
                self.assertNotIn(OLD[field], text)
                self.assertNotIn(NEW[field], text)
                created, updated, deleted = entries
                # The update says the field changed, and the digests prove which values it changed between.
                self.assertIn(field, [name for name, _b, _a in updated.changed_fields()])
                self.assertEqual(audit.value_matches(updated, field, OLD[field]), ["before"])
                self.assertEqual(audit.value_matches(updated, field, NEW[field]), ["after"])
                self.assertEqual(audit.value_matches(created, field, OLD[field]), ["after"])
                self.assertEqual(audit.value_matches(deleted, field, NEW[field]), ["before"])
                self.assertEqual(audit.value_matches(updated, field, "sesuatu yang lain"), [])
        self.assertIsNone(audit.verify_chain(heads=[])[1])

    def test_an_unchanged_sensitive_field_makes_no_update_entry_and_an_erasure_stays_visible(self):
        emp = self.employee(nik=OLD["nik"], phone=OLD["phone"])
        emp.position = "Penjaga"  # nothing changes
        emp.save()
        self.assertEqual(AuditEntry.objects.filter(model="people.employee", object_pk=str(emp.pk)).count(), 1)
        emp.nik = ""
        emp.save()
        update = AuditEntry.objects.get(model="people.employee", object_pk=str(emp.pk), action="update")
        self.assertEqual(update.after["nik"], "")
        self.assertEqual(audit.value_matches(update, "nik", OLD["nik"]), ["before"])
        self.assertEqual([n for n, _b, _a in update.changed_fields()], ["nik"])

    def test_old_entries_with_plain_values_still_verify_and_display(self):
        old = audit.record("update", model="people.employee", object_pk="77", object_repr="Lama",
                           unit_path=self.upt_a.path, before={"phone": "0811"}, after={"phone": "0822"})
        self.employee(phone=OLD["phone"])  # a new entry after it
        self.assertIsNone(audit.verify_chain(heads=[])[1])
        self.assertEqual(old.changed_fields_display(), [("Telepon", "0811", "0822")])

    def test_secrets_never_reach_the_chain(self):
        pattern = re.compile(r"password|secret|salt|token|wrapped_key|private")
        for model in apps.get_models():
            if not getattr(model, "audited", False):
                continue
            for f in model._meta.concrete_fields:
                if pattern.search(f.name):
                    with self.subTest(model=model._meta.label, field=f.name):
                        self.assertIn(f.name, getattr(model, "audit_exclude", ()))
        from netral.whistle.models import Attachment, Message, Report

        # Whistle-blower reports: text, files and keys are sealed and never audited (only status and dates are).
        self.assertTrue({"body", "wrapped_key", "receipt_hash", "receipt_bucket", "uuid"} <= Report.audit_exclude)
        self.assertIn("body", Message.audit_exclude)
        self.assertTrue({"blob", "meta"} <= Attachment.audit_exclude)
        self.pegawai.set_totp_secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        self.pegawai.save()
        sealed = type(self.pegawai).objects.get(pk=self.pegawai.pk).totp_secret
        _rows, text = stored_rows("core.user", self.pegawai.pk)
        self.assertNotIn("JBSWY3DPEHPK3PXP", text)
        self.assertNotIn(sealed, text)


class SensitiveImportTestCase(BaseTestCase):
    def test_a_roster_upload_puts_no_nik_phone_or_email_into_the_chain(self):
        header = "NIP;Nama;Jenis Pegawai;Jabatan;Kelas Jabatan;Golongan;Kode Unit;NIK;Telepon;Email\n"
        row = f"198801012012011001;Andi Wijaya;PNS;Penjaga;Fungsional;III/a;UPT-A;{OLD['nik']};{OLD['phone']};" \
              f"{OLD['email']}\n"
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.operator)
        self.client.post(reverse("roster_import"), {"file": SimpleUploadedFile("pegawai.csv", (header + row).encode())})
        imp = RosterImport.objects.get()
        self.assertIn(OLD["nik"], json.dumps(imp.table))  # the parsed table is there, for the pages
        mapping = dict(imp.mapping)
        self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(mapping, action="dry"))
        self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(mapping, action="run"))
        emp = Employee.objects.get(name="Andi Wijaya")
        self.assertEqual((emp.nik, emp.phone, emp.email), (OLD["nik"], OLD["phone"], OLD["email"]))
        everything = json.dumps(list(AuditEntry.objects.values()), ensure_ascii=False, default=str)
        for field in ("nik", "phone", "email"):
            self.assertNotIn(OLD[field], everything)
        entry = AuditEntry.objects.get(model="people.employee", object_pk=str(emp.pk))
        self.assertEqual(audit.value_matches(entry, "nik", OLD["nik"]), ["after"])
        self.assertIsNone(audit.verify_chain(heads=[])[1])


class SensitiveDisplayTestCase(BaseTestCase):
    def test_pages_show_that_the_value_is_hidden_never_the_value(self):
        emp = Employee.objects.create(unit=self.upt_a, employment_type="pns", nip="198503122010121001",
                                      name="Budi Santoso", position="Penjaga", phone=OLD["phone"])
        emp.phone = NEW["phone"]
        emp.save()
        entry = AuditEntry.objects.get(model="people.employee", object_pk=str(emp.pk), action="update")
        digest_start = entry.after["phone"]["digest"][:12]
        self.assertEqual(entry.changed_fields_display(),
                         [("Telepon", f"nilai disembunyikan (sidik {entry.before['phone']['digest'][:12]}…)",
                           f"nilai disembunyikan (sidik {digest_start}…)")])
        self.login(self.admin)
        r = self.client.get(reverse("audit_detail", args=[entry.seq]))
        self.assertContains(r, "nilai disembunyikan")
        self.assertContains(r, digest_start)
        self.assertNotContains(r, OLD["phone"])
        r = self.client.get(reverse("employee_detail", args=[emp.pk]))
        self.assertContains(r, "nilai disembunyikan")
        self.assertNotContains(r, OLD["phone"])  # the history shows the marker; the live phone is NEW
        r = self.client.get(reverse("audit_list"))
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, OLD["phone"])
