"""Fuzzing every content parser with mutated versions of the project's own sample files (issue 11).

Whatever the mutation (a wrong type or shape, a missing or extra key, a huge field, a wrong encoding, truncation,
stray bytes, a zip bomb), a parser: never raises anything but FormatError (the whole file refused with a message),
never hangs (each example runs under an alarm), yields only well-typed Records and RowErrors, and keeps the rows
it was not asked to lose. Bounded: few examples each, no deadline, a few seconds per test.
"""

import copy
import io
import json
import signal
import zipfile
from contextlib import contextmanager
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from netral.monitoring import ingest
from netral.monitoring.ingest import FormatError, Record, RowError
from netral.monitoring.ingest import archive
from netral.monitoring.tests.helpers import SAMPLES
from netral.test import Personas

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FILES = sorted(p.name for p in SAMPLES.iterdir() if p.is_file() and p.name != "x_broken.json")
FORMATS = {name: ingest.detect_format((SAMPLES / name).read_bytes(), name) for name in FILES}
JSON_FILES = [n for n in FILES if n.endswith(".json")]
LINE_FILES = [n for n in FILES if n.endswith((".jsonl", ".ndjson"))]
LIST_FILES = [n for n in JSON_FILES if isinstance(json.loads((SAMPLES / n).read_bytes()), list)]

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70), st.floats(),
    st.text(max_size=30), st.sampled_from(["kemarin", "", "N/A", "1e400", "9" * 40, "2024-02-30T25:61:00Z", "@"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just("x" * 300_000), st.just([[[[[]]]]]),
)


@contextmanager
def no_hang(seconds=20):
    """Fail (not hang) when one parse takes longer than any sane file could."""
    def stop(*_):
        raise TimeoutError("parser hangs")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run(data, fmt):
    """Parse completely; FormatError is an allowed answer (returns None). Checks every output's types."""
    with no_hang():
        try:
            out = list(ingest.parse(data, fmt))
        except FormatError as e:
            assert str(e)
            return None
    for r in out:
        assert isinstance(r, Record | RowError), r
        if isinstance(r, RowError):
            assert isinstance(r.line, int) and isinstance(r.reason, str) and r.reason
            continue
        for name in ("external_id", "handle", "url", "text", "ref_text", "ref_url", "ref_author", "posted_at_raw"):
            assert isinstance(getattr(r, name), str), (name, getattr(r, name))
        assert r.external_id and len(r.external_id) <= 200 and len(r.handle) <= 100
        assert r.posted_at is None or (isinstance(r.posted_at, datetime) and r.posted_at.tzinfo)
        assert isinstance(r.payload, dict) and all(isinstance(u, str) for u in r.media_urls)
        json.dumps(r.payload)  # stored as JSON
    return out


def paths(obj, prefix=(), limit=400):
    """Every place in a JSON document (dict keys, list items), breadth first, at most `limit`."""
    out, queue = [], [(prefix, obj)]
    while queue and len(out) < limit:
        path, node = queue.pop(0)
        if isinstance(node, dict):
            for k, v in node.items():
                out.append(path + (k,))
                queue.append((path + (k,), v))
        elif isinstance(node, list):
            for i, v in enumerate(node[:4]):
                out.append(path + (i,))
                queue.append((path + (i,), v))
    return out


def mutate(doc, path, op, value):
    doc = copy.deepcopy(doc)
    node = doc
    try:
        for p in path[:-1]:
            node = node[p]
        last = path[-1]
        if op == "replace":
            node[last] = value
        elif op == "delete":
            del node[last]
        elif isinstance(node, dict):  # an extra key next to the existing ones
            node[f"extra_{last}"] = value
        else:
            node.insert(last, value)
    except (KeyError, IndexError, TypeError, AttributeError):
        pass  # the place vanished in an earlier mutation
    return doc


OPS = st.sampled_from(["replace", "replace", "delete", "extra"])


@FUZZ
@given(st.sampled_from(JSON_FILES), st.data())
def test_it_survives_wrong_types_and_shapes_in_json_files(name, data):
    doc = json.loads((SAMPLES / name).read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        doc = mutate(doc, data.draw(st.sampled_from(paths(doc) or [()])) or (0,), data.draw(OPS), data.draw(JUNK))
    run(json.dumps(doc).encode(), FORMATS[name])


@FUZZ
@given(st.sampled_from(LIST_FILES), st.data())
def test_it_keeps_the_other_items_when_one_item_is_broken(name, data):
    raw = (SAMPLES / name).read_bytes()
    doc = json.loads(raw)
    before = run(raw, FORMATS[name])
    k = data.draw(st.integers(0, len(doc) - 1))
    item_paths = [p for p in paths(doc) if p and p[0] == k]
    for _ in range(data.draw(st.integers(1, 3))):
        doc = mutate(doc, data.draw(st.sampled_from(item_paths or [(k,)])), data.draw(OPS), data.draw(JUNK))
    after = run(json.dumps(doc).encode(), FORMATS[name])
    if after is None or len(doc) != len(json.loads(raw)):
        return  # the broken item took the file's shape with it (refused with a message) or was deleted
    kept = {(r.line, r.external_id) for r in after if isinstance(r, Record)}
    wanted = {(r.line, r.external_id) for r in before if isinstance(r, Record) and r.line != k + 1}
    assert wanted <= kept, name


@FUZZ
@given(st.sampled_from(LINE_FILES), st.data())
def test_it_keeps_the_other_lines_when_one_line_is_broken(name, data):
    raw = (SAMPLES / name).read_bytes()
    lines = raw.decode().splitlines()
    before = run(raw, FORMATS[name])
    k = data.draw(st.integers(0, len(lines) - 1))
    try:
        obj = json.loads(lines[k])
    except ValueError:
        return  # the sample's own broken line
    how = data.draw(st.sampled_from(["mutate", "truncate", "bytes"]))
    if how == "mutate":
        for _ in range(data.draw(st.integers(1, 3))):
            obj = mutate(obj, data.draw(st.sampled_from(paths(obj) or [("id",)])), data.draw(OPS), data.draw(JUNK))
        new = json.dumps(obj).encode()
    elif how == "truncate":
        new = lines[k].encode()[: data.draw(st.integers(0, max(0, len(lines[k]) - 1)))]
    else:
        new = data.draw(st.binary(min_size=1, max_size=40)).replace(b"\n", b" ").replace(b"\r", b" ")
    encoded = [ln.encode() for ln in lines]
    encoded[k] = new
    after = run(b"\n".join(encoded), FORMATS[name])
    if after is None:
        return
    kept = {r.external_id for r in after if isinstance(r, Record) and r.line != k + 1}
    wanted = {r.external_id for r in before if isinstance(r, Record) and r.line != k + 1}
    assert wanted <= kept, name


@FUZZ
@given(st.sampled_from(FILES), st.data())
def test_it_survives_truncation_stray_bytes_and_wrong_encodings(name, data):
    raw = (SAMPLES / name).read_bytes()
    how = data.draw(st.sampled_from(["truncate", "insert", "invalid_utf8", "utf16", "cp1252", "huge", "nul"]))
    at = data.draw(st.integers(0, len(raw)))
    if how == "truncate":
        raw = raw[:at]
    elif how == "insert":
        raw = raw[:at] + data.draw(st.binary(max_size=30)) + raw[at:]
    elif how == "invalid_utf8":
        raw = raw[:at] + b"\xff\xfe\xc3\x28\xa0" + raw[at:]
    elif how == "utf16":
        raw = raw.decode("utf-8", "replace").encode("utf-16")
    elif how == "cp1252":
        raw = raw.decode("utf-8", "replace").encode("cp1252", "replace")
    elif how == "huge":
        raw = raw[:at] + b"a" * 2_000_000 + raw[at:]
    else:
        raw = raw[:at] + b"\x00" * 5 + raw[at:]
    run(raw, FORMATS[name])
    fmt = ingest.detect_format(raw, name)  # and as the upload form would see it
    if fmt:
        run(raw, fmt)


def _zip(members, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, body in members:
            z.writestr(name, body)
    return buf.getvalue()


def test_it_refuses_zip_bombs_and_keeps_the_good_members():
    good = (SAMPLES / "fb_comments.json").read_bytes()
    bomb = b"[" + b" " * (150 * 1024 * 1024) + b"]"
    data = _zip([("a/comments.json", good), ("b/bomb.json", bomb)])
    assert len(data) < 1024 * 1024
    with no_hang():
        try:
            out = list(ingest.parse(data, "zip"))
        except FormatError as e:
            assert "terlalu besar" in str(e)
            return
    assert any(isinstance(r, Record) for r in out)
    assert any(isinstance(r, RowError) and "bomb.json" in r.reason for r in out)


def test_it_does_not_trust_the_sizes_a_zip_declares():
    """A central directory that under-states a member's size: the bounded reader counts what comes out."""
    body = b"[" + b" " * (8 * 1024 * 1024) + b"]"
    data = bytearray(_zip([("your_posts_1.json", body)]))
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (100).to_bytes(4, "little")  # uncompressed size in the central directory
    lh = data.find(b"PK\x03\x04")
    data[lh + 22:lh + 26] = (100).to_bytes(4, "little")
    with no_hang():
        try:
            out = list(ingest.parse(bytes(data), "zip"))
        except FormatError:
            return
    assert all(isinstance(r, RowError) for r in out)


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(sorted(ingest.BY_FORMAT)))
def test_random_bytes_are_refused_or_read_never_crash(raw, fmt):
    run(raw, fmt)


@pytest.mark.parametrize("fmt", sorted(ingest.BY_FORMAT))
def test_deep_nesting_is_refused_not_a_crash(fmt):
    run(b"[" * 100_000 + b"]" * 100_000, fmt)
    run(b'{"data": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", fmt)


def test_archive_limits_are_the_pipelines():
    assert archive.MAX_MEMBER_BYTES <= archive.MAX_TOTAL_BYTES


class StoreFuzzTestCase(Personas, HypothesisTestCase):
    """What the parsers yield from mutated files is stored without a database error (SQLite and PostgreSQL)."""

    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    @settings(max_examples=30, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.sampled_from(JSON_FILES), st.data())
    def test_mutated_records_are_stored_or_reported(self, name, data):
        from netral.monitoring.store import save_records

        doc = json.loads((SAMPLES / name).read_bytes())
        for _ in range(data.draw(st.integers(1, 3))):
            doc = mutate(doc, data.draw(st.sampled_from(paths(doc) or [()])) or (0,), data.draw(OPS),
                         data.draw(JUNK | st.just("nul\x00byte") | st.just({"k\x00": "\x00"})))
        out = run(json.dumps(doc).encode(), FORMATS[name])
        if out is None:
            return
        with no_hang():
            result = save_records(out, unit=self.kanwil, user=self.pengawas)
        assert result["summary"]["rows"] == len(out)


CSV_FILES = [n for n in FILES if n.endswith(".csv")]
SAFE_TEXT = st.text(alphabet=st.characters(blacklist_characters=',;"\r\n\x00', blacklist_categories=("Cs",)),
                    max_size=40) | st.sampled_from(["kemarin", "", "-1", "9" * 40, "x" * 50_000, "N/A"])


@FUZZ
@given(st.sampled_from(CSV_FILES), st.data())
def test_it_keeps_the_other_csv_rows_when_one_cell_is_wrong(name, data):
    """4CAT/Zeeschuimer and generic CSV: one cell of one record replaced by anything; the other records stay."""
    import csv as csvmod

    raw = (SAMPLES / name).read_bytes()
    text = raw.decode("utf-8-sig")
    sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csvmod.reader(io.StringIO(text), delimiter=sep))
    before = run(raw, FORMATS[name])
    k = data.draw(st.integers(1, len(rows) - 1))
    if rows[k]:
        rows[k][data.draw(st.integers(0, len(rows[k]) - 1))] = data.draw(SAFE_TEXT)
    buf = io.StringIO()
    csvmod.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    after = run(buf.getvalue().encode(), FORMATS[name])
    if after is None:
        return
    kept = {r.external_id for r in after if isinstance(r, Record)}
    lost = {r.external_id for r in before if isinstance(r, Record)} - kept
    assert len(lost) <= 1, (name, lost)  # at most the record whose cell was changed
