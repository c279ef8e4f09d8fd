import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.core.tabular import TableError, read_table
from netral.elections.actions import clean_person_name, import_contestants_csv, import_kpu_json
from netral.core.tests.import_helpers import upload_and_run
from netral.elections.models import Contestant, ContestantImport, Election
from netral.elections.reference import load_reference_data
from netral.test import BaseTestCase

CSV = (
    "key,election,number,name,aliases,parties,hashtags,slogans,region\n"
    "budi-siti,pilkada-2024,1,Budi Santoso - Siti Aminah,Pak Budi;Budi-Siti,Partai A;Partai B,#BudiSiti,Maju Bersama,3374\n"
    "joko-rina,pilkada-2024,2,Joko Purnomo - Rina Lestari,Mas Joko,Partai C,#JokoRina;#JR2,Semarang Hebat;Gas,3374\n"
)

KPU = {
    "1108": {
        "1000131": {"ts": "2024-11-21 21:55:15", "nama": "H. ISMAIL A. JALIL, S.E., M.M. (AYAH WA) - TARMIZI, S.I.Kom (PANYANG)",
                    "warna": "#B67352", "nomor_urut": 1},
        "1000132": {"ts": "2024-11-21 21:55:15", "nama": "KOLOM KOSONG - ", "warna": "#8CB9BD", "nomor_urut": 2},
    },
    "31": {
        "1000025": {"ts": "2024-11-21 21:55:15", "nama": "Dr. Ir. PRAMONO ANUNG WIBOWO, M.M. - H. RANO KARNO, S.IP. (SI DOEL)",
                    "warna": "#C7B7A3", "nomor_urut": 3},
        "1000024": {"ts": "2024-11-21 21:55:15",
                    "nama": "Komjen Pol. (Purn). DHARMA PONGREKUN, S.I.K., M.M., M.Hum. - Dr. Ir. R. KUN WARDANA ABYOTO, M.T.",
                    "warna": "#8CB9BD", "nomor_urut": 2},
    },
    "3402": {
        "1000713": {"ts": "2024-11-21 21:55:15", "nama": "JOKO\u00a0PURWANTO - ABDUL MU\u2019AFI", "nomor_urut": 2},
    },
}


class ContestantImportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_data()
        cls.pilkada = Election.objects.get(slug="pilkada-2024")
        cls.pemilu = Election.objects.get(slug="pemilu-2024")

    def test_it_ships_2024_parties_and_pairs(self):
        parties = self.pemilu.contestants.filter(kind="party")
        self.assertEqual(parties.count(), 24)
        self.assertEqual(parties.filter(is_local=True).count(), 6)
        self.assertEqual(parties.get(number=24).name, "Partai Ummat")
        pairs = {c.number: c for c in self.pemilu.contestants.filter(kind="pair")}
        self.assertEqual(pairs[2].gesture, 2)
        self.assertIn("Gerindra", pairs[2].parties)
        self.assertIn("AMIN", pairs[1].aliases)
        self.assertIn("Sat Set", pairs[3].slogans)

    def test_contestant_dicts_have_the_detector_fields(self):
        dicts = self.pemilu.contestant_dicts()
        pair = next(d for d in dicts if d["key"] == "prabowo-gibran")
        for name in ("key", "election", "number", "name", "aliases", "parties", "hashtags", "slogans", "kind", "gesture"):
            self.assertIn(name, pair)
        self.assertEqual(pair["election"], "pemilu-2024")
        self.assertEqual(pair["kind"], "pair")
        self.assertIsInstance(pair["aliases"], list)
        json.dumps(dicts)  # plain data

    def test_csv_import_good_rows(self):
        result = import_contestants_csv(read_table(CSV.encode()), self.admin)
        self.assertEqual((result.created, result.errors), (2, []))
        c = Contestant.objects.get(election=self.pilkada, key="joko-rina")
        self.assertEqual(c.hashtags, ["#JokoRina", "#JR2"])
        self.assertEqual(c.slogans, ["Semarang Hebat", "Gas"])
        self.assertEqual(c.region_code, "3374")
        again = import_contestants_csv(read_table(CSV.encode()), self.admin)
        self.assertEqual((again.created, again.unchanged), (0, 2))

    def test_csv_import_reports_bad_rows_and_keeps_good_ones(self):
        csv = CSV + (
            "x,pemilu-2099,1,Tidak Ada,,,,\n"          # unknown election
            "dup,pilkada-2024,1,Nomor Ganda,,,,,3374\n"  # duplicate number in the region
            "bad,pilkada-2024,satu,Nomor Salah,,,,\n"
            "budi-siti,pilkada-2024,5,Key Ganda,,,,\n"
            ",pilkada-2024,6,Tanpa Key,,,,\n"
        )
        result = import_contestants_csv(read_table(csv.encode()), self.admin)
        self.assertEqual(result.created, 2)
        errors = dict(result.errors)
        self.assertIn("tidak dikenal", errors["4"])
        self.assertIn("Nomor urut 1", errors["5"])
        self.assertIn("bilangan", errors["6"])
        self.assertIn("lebih dari sekali", errors["7"])
        self.assertIn("key", errors["8"])

    def test_csv_import_keeps_what_a_file_leaves_out_and_clears_only_on_dash(self):
        import_contestants_csv(read_table(CSV.encode()), self.admin)
        import_contestants_csv(read_table(b"key,election,number,name\njoko-rina,pilkada-2024,2,Joko Purnomo - Rina Lestari\n"),
                               self.admin)
        import_contestants_csv(read_table(b"key,election,number,name,aliases,hashtags,region\n"
                                          b"joko-rina,pilkada-2024,2,Joko Purnomo - Rina Lestari,,,\n"), self.admin)
        c = Contestant.objects.get(election=self.pilkada, key="joko-rina")
        self.assertEqual((c.aliases, c.hashtags, c.region_code), (["Mas Joko"], ["#JokoRina", "#JR2"], "3374"))
        import_contestants_csv(read_table(b"key,election,number,name,hashtags\n"
                                          b"joko-rina,pilkada-2024,2,Joko Purnomo - Rina Lestari,-\n"), self.admin)
        c.refresh_from_db()
        self.assertEqual((c.hashtags, c.slogans), ([], ["Semarang Hebat", "Gas"]))

    def test_kpu_records_of_the_wrong_shape_are_row_errors(self):
        data = json.loads(json.dumps(KPU))
        data["31"]["1000025"]["nama"] = {"bukan": "teks"}
        data["31"]["1000024"]["nomor_urut"] = [2]
        data["1108"]["1000131"] = ["bukan", "objek"]
        result = import_kpu_json(json.dumps(data).encode(), self.pilkada, self.admin)
        self.assertEqual({label for label, _ in result.errors}, {"31/1000025", "31/1000024", "1108/1000131"})
        self.assertEqual(result.created, sum(len(v) for v in KPU.values()) - 3)

    def test_csv_missing_columns_is_refused(self):
        with self.assertRaisesMessage(TableError, "Kolom wajib tidak ada"):
            import_contestants_csv(read_table(b"nama,nomor\nA,1\n"), self.admin)

    def test_kpu_json_import(self):
        result = import_kpu_json(json.dumps(KPU).encode(), self.pilkada, self.admin)
        self.assertEqual(result.errors, [])
        self.assertEqual(result.created, 5)
        ayah = Contestant.objects.get(election=self.pilkada, external_id="1000131")
        self.assertEqual(ayah.region_code, "1108")
        self.assertEqual(ayah.region_name, "Kabupaten Aceh Utara")  # KPU gives codes only: names from wilayah.csv
        self.assertEqual(Contestant.objects.get(external_id="1000025").region_name, "DKI Jakarta")
        self.assertEqual(ayah.key, "kpu-1000131")
        self.assertIn("Ayah Wa", ayah.aliases)
        self.assertIn("Panyang", ayah.aliases)
        self.assertIn("Ismail A. Jalil", ayah.aliases)
        empty = Contestant.objects.get(external_id="1000132")
        self.assertEqual((empty.kind, empty.number), ("empty", 2))
        pramono = Contestant.objects.get(external_id="1000025")
        self.assertIn("Pramono Anung Wibowo", pramono.aliases)
        self.assertIn("Si Doel", pramono.aliases)
        dharma = Contestant.objects.get(external_id="1000024")
        self.assertIn("Dharma Pongrekun", dharma.aliases)
        joko = Contestant.objects.get(external_id="1000713")
        self.assertEqual(joko.name, "JOKO PURWANTO - ABDUL MU'AFI")  # NBSP and ’ normalised
        # Re-import is idempotent.
        again = import_kpu_json(json.dumps(KPU).encode(), self.pilkada, self.admin)
        self.assertEqual((again.created, again.unchanged), (0, 5))

    def test_kpu_json_bad_files_are_refused_with_the_reason(self):
        cases = [
            (b"", "kosong"),
            (b"   \n", "kosong"),
            (b"{not json", "bukan JSON"),
            (b"[1, 2, 3]", "Bentuk JSON"),
            (b'{"31": "x"}', "Bentuk JSON"),
            ("{\"31\": {\"1\": {\"nama\": \"\xc9\"}}}".encode("latin-1"), "UTF-8"),
            (b'{"31": {"1": {"nomor_urut": ' + b"1" * 5000 + b"}}}", "angka terlalu panjang"),  # red team 2: a 500
        ]
        for raw, reason in cases:
            with self.subTest(raw=raw), self.assertRaisesMessage(TableError, reason):
                import_kpu_json(raw, self.pilkada, self.admin)

    def test_kpu_json_bad_records_are_reported(self):
        data = {
            "31": {
                "1": {"nama": "A - B", "nomor_urut": 1},
                "2": {"nama": "C - D", "nomor_urut": 1},  # duplicate number
                "3": {"nama": "", "nomor_urut": 2},
                "4": {"nama": "E - F", "nomor_urut": "dua"},
                "5": "rusak",
            },
            "XX": {"6": {"nama": "G - H", "nomor_urut": 1}},
        }
        result = import_kpu_json(json.dumps(data).encode(), self.pilkada, self.admin)
        self.assertEqual(result.created, 1)
        errors = dict(result.errors)
        self.assertIn("lebih dari sekali", errors["31/2"])
        self.assertIn("nama", errors["31/3"])
        self.assertIn("nomor_urut", errors["31/4"])
        self.assertIn("objek", errors["31/5"])
        self.assertIn("Kode wilayah", errors["XX"])

    def test_clean_person_name(self):
        self.assertEqual(clean_person_name("DARMANSAH, S.Pd., M.M."), ("Darmansah", []))
        self.assertEqual(clean_person_name("Abisai Rollo, S.H., M.H."), ("Abisai Rollo", []))
        self.assertEqual(clean_person_name("H. M. RIDWAN KAMIL")[0], "M. Ridwan Kamil")

    def test_upload_view_refuses_bad_files_without_500(self):
        self.login(self.admin)
        url = reverse("contestant_import")
        cases = [
            ({"file": SimpleUploadedFile("p.json", b"{rusak", "application/json"), "election": self.pilkada.pk},
             "bukan JSON"),
            ({"file": SimpleUploadedFile("p.json", b"[]"), "election": self.pilkada.pk}, "Bentuk JSON"),
            ({"file": SimpleUploadedFile("p.json", b"{}")}, "Pilih pemilu/pilkada tujuan"),
            ({"file": SimpleUploadedFile("p.pdf", b"%PDF-1.4")}, "Jenis berkas tidak didukung"),
            ({"file": SimpleUploadedFile("p.csv", b"")}, "kosong"),
            ({"file": SimpleUploadedFile("p.csv", b"\xff\xfe\x00\x00bin\x00ary")}, "biner"),
        ]
        for data, reason in cases:
            with self.subTest(reason=reason):
                r = self.client.post(url, data)
                self.assertContains(r, reason, status_code=200)

    def test_upload_view_dry_run_keeps_nothing(self):
        self.login(self.admin)
        _r, job = upload_and_run(self, reverse("contestant_import"), {
            "file": SimpleUploadedFile("p.json", json.dumps(KPU).encode()), "election": self.pilkada.pk},
            ContestantImport, dry=False, run=False)
        r = self.client.post(reverse("contestant_import_detail", args=[job.pk]), {"action": "dry"})
        self.assertContains(r, "belum ada yang disimpan")
        job.refresh_from_db()
        self.assertEqual(job.dry_run["summary"]["created"], 5)
        self.assertFalse(Contestant.objects.filter(election=self.pilkada).exists())

    def test_upload_view_imports_csv_and_kpu_json(self):
        self.login(self.admin)
        url = reverse("contestant_import")
        _r, job = upload_and_run(self, url, {"file": SimpleUploadedFile("p.csv", CSV.encode())}, ContestantImport)
        self.assertEqual((job.status, job.result["summary"]["created"]), ("done", 2))
        self.assertContains(self.client.get(reverse("contestant_import_detail", args=[job.pk])), "2 baru")
        _r, job = upload_and_run(self, url, {"file": SimpleUploadedFile("kpu.json", json.dumps(KPU).encode()),
                                             "election": self.pilkada.pk}, ContestantImport)
        self.assertEqual((job.status, job.result["summary"]["created"]), ("done", 5))

    def test_a_lone_surrogate_in_a_kpu_json_is_stored_as_a_replacement_character(self):
        # "\\ud800" decodes to a str UTF-8 cannot encode: on PostgreSQL the upload was a 500 (jsonb refuses it), on
        # SQLite the job page was (the preview could not be encoded).
        self.login(self.admin)
        body = b'{"1108": {"1000131": {"nama": "BUDI \\ud800 SANTOSO - SITI AMINAH", "nomor_urut": 1}}}'
        _r, job = upload_and_run(self, reverse("contestant_import"), {
            "file": SimpleUploadedFile("kpu.json", body), "election": self.pilkada.pk}, ContestantImport)
        self.assertEqual(self.client.get(reverse("contestant_import_detail", args=[job.pk])).status_code, 200)
        self.assertEqual((job.status, job.result["summary"]["created"]), ("done", 1))
        self.assertIn("\ufffd", Contestant.objects.get(election=self.pilkada, region_code="1108").name)

    def test_upload_size_limit(self):
        self.login(self.admin)
        big = SimpleUploadedFile("p.csv", b"a" * (10 * 1024 * 1024 + 1))
        r = self.client.post(reverse("contestant_import"), {"file": big})
        self.assertContains(r, "terlalu besar")

    def test_only_admin_imports_and_edits_contestants(self):
        for persona in (self.pimpinan, self.pengawas, self.operator):
            self.login(persona)
            self.assertEqual(self.client.get(reverse("contestant_import")).status_code, 403)
            self.assertEqual(self.client.get(reverse("contestant_create", args=["pemilu-2024"])).status_code, 403)
            self.assertEqual(self.client.get(reverse("contestant_list", args=["pemilu-2024"])).status_code, 200)
        self.login(self.pegawai)
        self.assertEqual(self.client.get(reverse("contestant_list", args=["pemilu-2024"])).status_code, 403)

    def test_admin_edits_a_contestant(self):
        self.login(self.admin)
        c = self.pemilu.contestants.get(key="ganjar-mahfud")
        r = self.client.post(reverse("contestant_edit", args=["pemilu-2024", c.pk]), {
            "kind": "pair", "number": 3, "name": c.name, "key": c.key, "aliases": "Ganjar\nMahfud MD; GAMA",
            "parties": "PDI-P", "hashtags": "", "slogans": "Sat Set", "gesture": 3, "region_code": "",
            "region_name": ""})
        self.assertRedirects(r, reverse("contestant_list", args=["pemilu-2024"]))
        c.refresh_from_db()
        self.assertEqual(c.aliases, ["Ganjar", "Mahfud MD", "GAMA"])
        r = self.client.post(reverse("contestant_create", args=["pemilu-2024"]), {
            "kind": "pair", "number": 3, "name": "Ganda", "key": "ganda"})
        self.assertContains(r, "Nomor urut ini sudah dipakai")


def test_region_names_cover_every_kpu_code_and_read_well():
    from netral.elections.wilayah import display_name, names

    n = names()
    assert len(n) == 552 and len([c for c in n if len(c) == 2]) == 38  # 38 provinces, 514 regencies/cities
    assert all(c.isdigit() and len(c) in (2, 4) and (len(c) == 2 or c[:2] in n) for c in n)
    assert n["3578"] == "Kota Surabaya" and n["11"] == "Aceh" and n["34"] == "Daerah Istimewa Yogyakarta"
    assert display_name("PANGKAJENE DAN KEPULAUAN", 2) == "Kabupaten Pangkajene dan Kepulauan"
    assert display_name("KOTA TIDORE KEPULAUAN", 2) == "Kota Tidore Kepulauan"
    assert display_name("DKI JAKARTA", 1) == "DKI Jakarta"


class KpuJsonLimitsTestCase(BaseTestCase):
    def test_deep_nesting_is_refused_with_a_message(self):
        from netral.elections.actions import parse_kpu_json

        with self.assertRaisesMessage(TableError, "bersarang"):
            parse_kpu_json(b"[" * 100_000 + b"]" * 100_000)
