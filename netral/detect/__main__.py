"""Command line: ``python -m netral.detect classify [--contestants FILE.csv] < in.jsonl > out.jsonl``
and ``python -m netral.detect bench``.

classify: one JSON object per input line, ``{"id", "text", "interaction"?}``; one object per
output line in the same order, ``{"id", "political", "partisan", "hate", "hoax", "scores",
"targets", "skb_item", "evidence", "calibrated", "uncertainty", "uncertain"}``. A line that cannot be read is answered with
``{"id": ..., "error": "..."}`` (message in Indonesian) and the run goes on. A line longer than
MAX_LINE_BYTES is answered with an error without being read whole, and a text is classified on its first
MAX_TEXT_CHARS characters (what the content store keeps of a text), so one huge line cannot exhaust memory.
"""

from __future__ import annotations

import os

# one core: set before numpy/scipy start their thread pools
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

BATCH = 256
MAX_TEXT_CHARS = 100_000  # ingest.common.LIMITS["text"]: the longest text Netral stores
MAX_LINE_BYTES = 2 * 1024 * 1024  # room for MAX_TEXT_CHARS even when every character is a \uXXXX escape
MAX_BATCH_CHARS = 2_000_000  # a batch is classified early when its texts hold this many characters
OUT_KEYS = ("id", "political", "partisan", "hate", "hoax", "scores", "targets", "skb_item", "evidence",
            "calibrated", "uncertainty", "uncertain")  # the last three added in 1.1: fields are only ever added


class _NotFinite(ValueError):
    pass


def _refuse_constant(name):
    """NaN, Infinity, -Infinity: Python's json reads them, no strict JSON reader reads them back."""
    raise _NotFinite(name)


def _finite_float(s):
    v = float(s)
    if v != v or v in (float("inf"), float("-inf")):  # 1e999
        raise _NotFinite(s)
    return v


def _parse(raw: bytes | str):
    """(id, text, interaction) or (id, None, error message). Input is bytes: the locale never decides
    how a line is decoded, and a line that is not UTF-8 is answered, not fatal."""
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            return None, None, f"baris bukan teks UTF-8 yang sah (byte ke-{e.start + 1})"
    else:
        line = raw
    try:
        obj = json.loads(line, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _NotFinite:
        return None, None, "baris bukan JSON yang sah: NaN/Infinity tidak diterima"
    except json.JSONDecodeError as e:
        return None, None, f"baris bukan JSON yang sah: {e.msg} (kolom {e.colno})"
    except ValueError:  # an integer of more than 4300 digits (int conversion limit)
        return None, None, "baris bukan JSON yang sah: angka terlalu panjang"
    except RecursionError:  # json.loads on a few thousand nested brackets
        return None, None, "baris bukan JSON yang sah: bersarang terlalu dalam"
    if not isinstance(obj, dict):
        return None, None, "baris harus berupa objek JSON"
    oid = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return oid, None, "kolom 'text' tidak ada atau bukan teks"
    inter = obj.get("interaction") or "post"
    from .model import INTERACTIONS

    if inter not in INTERACTIONS:
        return oid, None, f"nilai 'interaction' tidak dikenal: {inter!r} (harus post, comment, share atau like)"
    return oid, text[:MAX_TEXT_CHARS], inter


def _lines(stream):
    """Lines of at most MAX_LINE_BYTES; a longer line is skipped to its end and yielded as None."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES:
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1024 * 1024)
            yield None
            continue
        yield raw


def classify(args) -> int:
    from .lexicon import Lexicon
    from .model import Detector

    lexicon = None
    if args.contestants:
        try:
            lexicon = Lexicon.from_csv(args.contestants)
        except (OSError, ValueError, KeyError) as e:
            print(f"gagal membaca berkas peserta {args.contestants}: {e}", file=sys.stderr)
            return 2
    det = Detector.load(lexicon=lexicon)
    out = sys.stdout.buffer  # UTF-8 bytes whatever the locale (LC_ALL=C would refuse non-ASCII)
    pending: list = []

    def flush():
        ok = [(i, p) for i, p in enumerate(pending) if p[1] is not None]
        results = {}
        if ok:
            try:
                res = det.classify_many([p[1] for _, p in ok], [p[2] for _, p in ok])
                results = {i: r for (i, _), r in zip(ok, res)}
            except Exception:  # one bad text must not stop the run: retry one by one
                for i, p in ok:
                    try:
                        results[i] = det.classify(p[1], p[2])
                    except Exception as e:  # noqa: BLE001
                        pending[i] = (p[0], None, f"gagal memproses teks: {type(e).__name__}")
        for i, (oid, text, extra) in enumerate(pending):
            if i in results:
                d = results[i].to_dict()
                d["id"] = oid
                line = {k: d[k] for k in OUT_KEYS}
            else:
                line = {"id": oid, "error": extra}
            try:
                data = json.dumps(line, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate (from a "\\ud800" escape): keep it escaped
                data = json.dumps(line).encode("ascii")
            out.write(data + b"\n")
        out.flush()
        pending.clear()

    chars = 0
    for raw in _lines(sys.stdin.buffer):
        if raw is None:
            pending.append((None, None, f"baris terlalu panjang (lebih dari {MAX_LINE_BYTES // (1024 * 1024)} MB)"))
        elif not raw.strip():
            continue
        else:
            pending.append(_parse(raw))
            chars += len(pending[-1][1] or "")
        if len(pending) >= BATCH or chars >= MAX_BATCH_CHARS:
            flush()
            chars = 0
    flush()
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m netral.detect", description="Netral detector")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("classify", help="classify JSON lines from stdin to stdout")
    c.add_argument("--contestants", help="CSV key,election,number,name,aliases,parties,hashtags,slogans")
    sub.add_parser("bench", help="print BENCH lines")
    args = ap.parse_args(argv)
    if args.cmd == "classify":
        return classify(args)
    from .bench import main as bench_main

    return bench_main()


if __name__ == "__main__":
    sys.exit(main())
