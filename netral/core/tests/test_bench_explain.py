"""The rules of `make bench-explain` (bench/explain.py) on made-up plans; the script itself runs in `make
bench-smoke` (CI, PostgreSQL) and at ministry size by hand (docs/performance.md)."""

from django.test import SimpleTestCase

from bench.explain import pages, problems

SIZES = {"big": 1_000_000, "small": 5_000}


def scan(table, rows, removed=0, kind="Seq Scan", **extra):
    return {"Node Type": kind, "Relation Name": table, "Actual Rows": rows, "Rows Removed by Filter": removed,
            "Actual Loops": 1, **extra}


def plan(*nodes):
    """Nested nodes, outermost first."""
    inner = nodes[-1]
    for node in reversed(nodes[:-1]):
        inner = {**node, "Plans": [inner]}
    return {"Plan": inner}


class ExplainRulesTestCase(SimpleTestCase):
    def test_it_flags_a_seq_scan_of_a_big_table_that_runs_to_its_end(self):
        found = problems(plan({"Node Type": "Aggregate"}, scan("big", 1_000_000)), SIZES)
        self.assertEqual(len(found), 1)
        self.assertIn("Seq Scan on big", found[0])

    def test_it_flags_a_scan_below_a_sort_even_under_a_limit(self):
        found = problems(plan({"Node Type": "Limit"}, {"Node Type": "Sort"}, scan("big", 400_000)), SIZES)
        self.assertEqual(len(found), 1)

    def test_it_flags_a_hashed_subplan_over_a_whole_table(self):
        sub = {**scan("small", 60_000, kind="Seq Scan"), "Parent Relationship": "SubPlan"}
        found = problems({"Plan": {"Node Type": "Limit", "Plans": [{"Node Type": "Result", "Plans": [sub]}]}},
                         {"small": 60_000})
        self.assertEqual(found, ["Seq Scan on small reads 60000 rows"])

    def test_it_flags_an_index_scan_that_reads_far_too_much(self):
        found = problems(plan({"Node Type": "Aggregate"}, scan("big", 10, removed=1_700_000, kind="Index Scan")),
                         SIZES)
        self.assertEqual(len(found), 1)

    def test_it_accepts_a_scan_that_a_limit_stops_early(self):
        # The capped count: SELECT COUNT(*) FROM (SELECT ... LIMIT 10001)
        self.assertEqual(problems(plan({"Node Type": "Aggregate"}, {"Node Type": "Limit"},
                                       {"Node Type": "Hash Join"}, scan("big", 10_001, removed=30_000)), SIZES), [])
        # ... but not one whose filter is so rare that the stop never comes
        self.assertTrue(problems(plan({"Node Type": "Limit"}, scan("big", 3, removed=999_997)), SIZES))

    def test_it_accepts_small_reads(self):
        self.assertEqual(problems(plan({"Node Type": "Sort"}, scan("small", 5_000)), SIZES), [])

    def test_every_list_is_requested_with_each_filter_and_a_narrower_persona(self):
        listed = pages({"kanwil": 1, "upt": 2, "stage": 3, "assignee": 4})
        names = {(lst, name) for lst, name, *_ in listed}
        self.assertEqual(len(names), len(listed))  # one BENCH name each
        for lst in ("content", "findings", "employees", "cases", "audit"):
            self.assertIn((lst, "none"), names)
            self.assertTrue({who for l2, _n, who, *_ in listed if l2 == lst} - {"admin"}, lst)
