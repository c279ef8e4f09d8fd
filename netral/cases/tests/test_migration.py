import datetime as dt

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone


class PlaceholderMigrationTests(TransactionTestCase):
    """Rows of the former monitoring.CasePlaceholder become cases with their findings."""

    before = [("monitoring", "0003_finding_case_file"), ("cases", "0002_defaults")]
    after = [("monitoring", "0005_drop_case_placeholder")]

    def test_it_moves_placeholders_and_their_findings_into_cases(self):
        executor = MigrationExecutor(connection)
        executor.migrate(self.before)
        apps = executor.loader.project_state(self.before).apps
        OrgUnit = apps.get_model("core", "OrgUnit")
        Employee = apps.get_model("people", "Employee")
        Placeholder = apps.get_model("monitoring", "CasePlaceholder")
        ContentItem = apps.get_model("monitoring", "ContentItem")
        ScanResult = apps.get_model("monitoring", "ScanResult")
        Finding = apps.get_model("monitoring", "Finding")
        unit = OrgUnit.objects.create(code="U1", name="Lapas", kind="lapas", path="0901/")
        emp = Employee.objects.create(unit=unit, employment_type="ppnpn", internal_id="P1", name="Budi")
        opened = timezone.make_aware(dt.datetime(2024, 2, 1, 10))
        open_p = Placeholder.objects.create(number="TMP-2024-00001", unit=unit, employee=emp, handle="x:budi",
                                            title="Dugaan: Budi", created_at=opened)
        closed_p = Placeholder.objects.create(number="TMP-2024-00002", unit=unit, title="Dugaan: @anon",
                                              handle="x:anon", status="closed", created_at=opened)
        for i, p in enumerate((open_p, open_p, closed_p)):
            item = ContentItem.objects.create(platform="x", external_id=f"m{i}", unit=unit, payload={},
                                              payload_sha256="0" * 64)
            scan = ScanResult.objects.create(content=item, detector_version="v", text_sha256="0" * 64)
            Finding.objects.create(content=item, scan=scan, unit=unit, platform="x", interaction="post",
                                   status="confirmed", case=p, skb_item="socmed_campaign" if i == 0 else "")

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(self.after)
        apps = executor.loader.project_state(self.after).apps
        Case = apps.get_model("cases", "Case")
        Finding = apps.get_model("monitoring", "Finding")
        Deadline = apps.get_model("cases", "Deadline")
        a = Case.objects.get(number="TMP-2024-00001")
        b = Case.objects.get(number="TMP-2024-00002")
        assert (a.state, a.source, a.handle, a.skb_items) == ("received", "finding", "x:budi", ["socmed_campaign"])
        assert list(a.employees.values_list("name", flat=True)) == ["Budi"] and a.opened_at == opened
        assert b.state == "closed" and b.closed_at == opened and not b.employees.exists()
        assert Finding.objects.filter(case=a).count() == 2 and Finding.objects.filter(case=b).count() == 1
        due = {d.key: d.due for d in Deadline.objects.filter(case=a)}
        assert due == {"verification": dt.date(2024, 2, 8), "followup_pemilu": dt.date(2024, 2, 8)}
        assert not Deadline.objects.filter(case=b).exists()
        # back to the latest state for the other tests
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
