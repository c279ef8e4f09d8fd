"""The CLI never crashes, whatever arrives on stdin: one output line per non-blank input line,
each valid JSON (security issue 17; the normaliser's own fuzzing is in test_normalize.py)."""

import argparse
import io
import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netral.detect.__main__ import classify

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
objects = st.fixed_dictionaries(
    {}, optional={"id": json_values, "text": st.text(max_size=300) | json_values,
                  "interaction": st.sampled_from(["post", "comment", "share", "like", "retweet", ""]) | json_values})
lines = st.one_of(objects.map(json.dumps), json_values.map(json.dumps), st.text(max_size=200))


def run_in_process(monkeypatch, raw_lines):
    # The CLI reads and writes bytes (sys.stdin.buffer / sys.stdout.buffer) so that no locale can make it
    # refuse a line; lone surrogates become bytes that are not UTF-8, which it must answer with an error line.
    text = "".join(line.replace("\n", " ").replace("\r", " ") + "\n" for line in raw_lines)
    data = text.encode("utf-8", "surrogatepass")
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="\n")
    out_bytes = io.BytesIO()
    stdout = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="\n", write_through=True)
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert classify(argparse.Namespace(contestants=None)) == 0
    stdout.flush()
    return data.decode("utf-8", "replace"), out_bytes.getvalue().decode("utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(lines, min_size=1, max_size=8))
def test_it_answers_every_line_of_any_input(monkeypatch, raw_lines):
    given_text, out = run_in_process(monkeypatch, raw_lines)
    # Lines as the CLI reads them: split on "\n" only (str.splitlines also splits on \x1e, \x85...).
    expected = sum(1 for line in given_text.split("\n") if line.strip())
    out_lines = out.rstrip("\n").split("\n") if out else []
    assert len(out_lines) == expected
    for line in out_lines:
        obj = json.loads(line)
        assert "error" in obj or "political" in obj


def test_it_survives_lone_surrogates_and_control_characters_on_real_stdout():
    nasty = [json.dumps({"id": 1, "text": "coblos \ud800 nomor 2"}), json.dumps({"id": 2, "text": "\x00\x1b[31m" * 50}),
             json.dumps({"id": 3, "text": "\u202e" + "a" * 5000}), '{"id": 4, "text": "\\udfff"}', "\ufeff{}"]
    p = subprocess.run([sys.executable, "-m", "netral.detect", "classify"], input="\n".join(nasty).encode() + b"\n",
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    out = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()]
    assert len(out) == len(nasty)


def _run_bytes(monkeypatch, data: bytes):
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="\n")
    out_bytes = io.BytesIO()
    stdout = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="\n", write_through=True)
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert classify(argparse.Namespace(contestants=None)) == 0
    stdout.flush()
    return [json.loads(x) for x in out_bytes.getvalue().decode("utf-8").splitlines()]


def test_a_huge_line_is_answered_with_an_error_without_being_read_whole(monkeypatch):
    # red team 2: a 10 MB text took 44 s and 1.6 GB of memory; a few such lines in one batch of 256 ran out of memory
    from netral.detect import __main__ as cli

    huge = json.dumps({"id": 1, "text": "coblos nomor dua " * ((cli.MAX_LINE_BYTES // 17) + 10)}).encode()
    out = _run_bytes(monkeypatch, huge + b"\n" + b'{"id": 2, "text": "ok"}\n' + huge)  # the last one without newline
    assert [o["id"] for o in out] == [None, 2, None]
    assert "terlalu panjang" in out[0]["error"] and "terlalu panjang" in out[2]["error"]
    assert "political" in out[1]


def test_a_long_text_is_classified_on_its_first_characters_like_the_stored_content(monkeypatch):
    from netral.detect import __main__ as cli

    calls = []
    real = cli._parse

    def spy(raw):
        res = real(raw)
        calls.append(res)
        return res

    monkeypatch.setattr(cli, "_parse", spy)
    text = "coblos nomor dua " * 20_000  # 340,000 characters, under the line limit
    out = _run_bytes(monkeypatch, json.dumps({"id": 1, "text": text}).encode() + b"\n")
    assert "political" in out[0] and len(calls[0][1]) == cli.MAX_TEXT_CHARS


def test_deeply_nested_json_is_an_error_line_not_the_end_of_the_run(monkeypatch):
    # red team 2: json.loads raises RecursionError (not ValueError): the run died with a traceback and the lines
    # read before it in the batch were never answered
    deep = ('{"id": 1, "text": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}").encode()
    out = _run_bytes(monkeypatch, b'{"id": 0, "text": "ok"}\n' + deep + b'\n{"id": 2, "text": "b"}\n')
    assert [o["id"] for o in out] == [0, None, 2]
    assert "bersarang terlalu dalam" in out[1]["error"]


def test_a_number_too_long_to_convert_is_an_error_line(monkeypatch):
    # red team 2: json.loads raises a plain ValueError (no .msg) for an integer of over 4300 digits: AttributeError
    big = ('{"id": 1, "text": "a", "n": ' + "1" * 5000 + "}").encode()
    out = _run_bytes(monkeypatch, big + b'\n{"id": 2, "text": "b"}\n')
    assert [o["id"] for o in out] == [None, 2] and "bukan JSON yang sah" in out[0]["error"]


def test_nan_and_infinity_never_reach_the_output(monkeypatch):
    # red team 2: Python's json accepts NaN, Infinity and 1e999 and echoed them in "id": the output line was not JSON
    # for any strict reader (JavaScript, Go, PostgreSQL jsonb)
    data = b'{"id": NaN, "text": "a"}\n{"id": 1e999, "text": "b"}\n{"id": 3, "text": "c", "x": -Infinity}\n'
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="\n")
    out_bytes = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out_bytes, encoding="utf-8", newline="\n", write_through=True))
    assert classify(argparse.Namespace(contestants=None)) == 0

    def strict(c):
        raise ValueError(c)

    out = [json.loads(x, parse_constant=strict) for x in out_bytes.getvalue().decode().splitlines()]
    assert [o["id"] for o in out] == [None, None, None]
    assert all("NaN" in o["error"] or "Infinity" in o["error"] for o in out)
