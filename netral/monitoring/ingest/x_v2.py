"""X/Twitter API v2 JSON: a raw response, twarc2 JSONL (one response per line, with __twarc) or
`twarc2 flatten` output (one post per line). See /work/shared/formats/x-twitter-v2.md.

- ids stay strings; created_at is UTC; &amp; &lt; &gt; are unescaped once;
- note_tweet.text preferred over text (long posts); a repost is scored on the original's text
  from includes.tweets, never on its truncated "RT @…" text; when the original is deleted or protected, that
  truncated copy is all there is: it becomes the shared text (`_ref_truncated` in the payload);
- likes and follows (from __twarc.url) carry no time of the action: posted_at stays empty;
- the same post across pages or runs is one item (unique key is the post id).
"""

import json
import re

from netral.core.imports import RowProblem, guarded, storable_json
from netral.monitoring.ingest.common import (FormatError, Record, RowError, clean_text, iter_json_lines,
                                             parse_iso, row_guard, unescape_x)

FORMAT = "x_v2"
LABEL = "X/Twitter API v2 (JSON, twarc2 JSONL)"


def sniff(head: bytes, name: str) -> bool:
    h = head.decode("utf-8", "ignore")
    return ('"edit_history_tweet_ids"' in h or '"__twarc"' in h or
            ('"data"' in h and '"author_id"' in h) or ('"includes"' in h and '"data"' in h))


def _text(tweet):
    note = tweet.get("note_tweet")
    note = note.get("text") if isinstance(note, dict) else None
    return clean_text(unescape_x(_str(note) or _str(tweet.get("text"))))


def _endpoint_kind(url: str):
    if "/liked_tweets" in url:
        return "like"
    if "/following" in url:
        return "follow"
    return None


def _page_records(page, line, account_handle, endpoint_kind=None):
    lookups = row_guard(line, _lookups, page)
    if isinstance(lookups, RowError):
        yield lookups
        return
    users, tweets, media, missing = lookups
    data = page.get("data")
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield RowError(line, "respons tanpa daftar 'data'")
        return
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not item.get("id") or isinstance(item.get("id"), dict | list | bool):
            yield RowError(line, f"item ke-{i} tanpa id")
            continue
        yield guarded(lambda reason, i=i: RowError(line, f"item ke-{i}: {reason}"), _item_record, item, line, users,
                      tweets, media, missing, account_handle, endpoint_kind)


def _item_record(item, where, users, tweets, media, missing, account_handle, endpoint_kind):
    if endpoint_kind == "follow":
        handle = _str(item.get("username")).lower()
        return Record(line=where, platform="x", external_id=f"follow:{account_handle}:{item['id']}",
                      interaction="follow", handle=account_handle, url=f"https://x.com/{handle}" if handle else "",
                      ref_text=clean_text(f"{_str(item.get('name'))} @{handle} {_str(item.get('description'))}"),
                      ref_author=handle, payload=item)
    return _tweet_record(item, where, users, tweets, media, missing, account_handle, endpoint_kind)


def _str(value) -> str:
    """A text field of the API; null (a suspended or deleted user) reads as empty, a non-text value is an error."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowProblem(f"teks diharapkan, bukan {type(value).__name__}")
    return value


def _lookups(page):
    includes = page.get("includes") or {}
    users = {u.get("id"): u for u in includes.get("users") or [] if isinstance(u, dict)}
    tweets = {t.get("id"): t for t in includes.get("tweets") or [] if isinstance(t, dict)}
    media = {m.get("media_key"): m for m in includes.get("media") or [] if isinstance(m, dict)}
    missing = {e.get("resource_id") or e.get("value"): e.get("title", "") for e in page.get("errors") or []
               if isinstance(e, dict)}
    return users, tweets, media, missing


def _tweet_record(t, where, users, tweets, media, missing, account_handle, endpoint_kind=None):
    author = t.get("author") if isinstance(t.get("author"), dict) else users.get(str(t.get("author_id")), {})
    handle = _str((author or {}).get("username")).lower()
    try:
        when, _assumed = parse_iso(t.get("created_at"))
    except ValueError:
        when = None
    refs = t.get("referenced_tweets") or []
    kind, ref = "post", None
    for r in refs:
        if not isinstance(r, dict):
            continue
        full = tweets.get(str(r.get("id"))) or (r if r.get("text") else None)
        if r.get("type") == "retweeted":
            kind, ref = "share", (r, full)
            break
        if r.get("type") == "quoted":
            kind, ref = "share", (r, full)
        elif r.get("type") == "replied_to" and kind == "post":
            kind, ref = "comment", (r, full)
    text, ref_text, ref_url, ref_author = _text(t), "", "", ""
    if ref:
        r, full = ref
        ref_url = f"https://x.com/i/web/status/{r.get('id')}"
        if full:
            ref_text = _text(full)
            ra = full.get("author") if isinstance(full.get("author"), dict) else users.get(str(full.get("author_id")), {})
            ref_author = _str((ra or {}).get("username")).lower()
            if ref_author:
                ref_url = f"https://x.com/{ref_author}/status/{r.get('id')}"
        elif r.get("id") in missing:
            ref_text = ""
        if r.get("type") == "retweeted":
            m = None if full else re.match(r"RT @(\w{1,50}):\s*(.*)", text, re.S)
            if m:  # original deleted or protected: its truncated copy is the only evidence of what was shared
                ref_author, ref_text = m.group(1).lower(), m.group(2)
                ref_url = f"https://x.com/{ref_author}/status/{r.get('id')}"
                t = dict(t, _ref_truncated=True)
            text = ""  # the reposter's own text is only a truncated copy
    media_urls = []
    keys = (t.get("attachments") or {}).get("media_keys") or []
    for m in [media.get(k) for k in keys] + list((t.get("attachments") or {}).get("media") or []):
        if isinstance(m, dict) and (m.get("url") or m.get("preview_image_url")):
            media_urls.append(m.get("url") or m.get("preview_image_url"))
    if kind == "post" and media_urls and not text:
        kind = "photo"
    if endpoint_kind == "like":
        # A liked post is someone else's: the liker is the archive's owner, no time of liking.
        return Record(line=where, platform="x", external_id=f"like:{account_handle}:{t['id']}", interaction="like",
                      handle=account_handle, url=f"https://x.com/{handle or 'i/web'}/status/{t['id']}",
                      ref_text=_text(t), ref_author=handle, ref_url=f"https://x.com/i/web/status/{t['id']}",
                      payload=t, media_urls=media_urls)
    return Record(line=where, platform="x", external_id=str(t["id"]), interaction=kind,
                  handle=handle or account_handle,
                  url=f"https://x.com/{handle or 'i/web'}/status/{t['id']}", text=text, ref_text=ref_text,
                  ref_url=ref_url, ref_author=ref_author, posted_at=when, posted_at_raw=str(t.get("created_at", "")),
                  payload=t, media_urls=media_urls)


def parse(data: bytes, account_handle: str = ""):
    account_handle = (account_handle or "").lstrip("@").lower()
    stripped = data.lstrip(b"\xef\xbb\xbf \r\n\t")
    if not stripped.startswith((b"{", b"[")):
        raise FormatError("Berkas X/Twitter harus JSON atau JSONL.")
    try:
        whole = storable_json(json.loads(stripped.decode("utf-8")))
        pages = [(1, whole)]
    except (ValueError, RecursionError):  # not one JSON document (or an integer of over 4300 digits): JSONL
        pages = list(iter_json_lines(data))
    if len(pages) == 1 and isinstance(pages[0][1], list):
        pages = [(i, obj) for i, obj in enumerate(pages[0][1], start=1)]
    if not pages:
        raise FormatError("Berkas kosong.")
    seen_any = False
    for line, obj in pages:
        if isinstance(obj, RowError):
            yield obj
            continue
        if not isinstance(obj, dict):
            yield RowError(line, "baris bukan objek JSON")
            continue
        twarc = obj.get("__twarc") or {}
        kind = _endpoint_kind(str(twarc.get("url") or "")) if isinstance(twarc, dict) else None
        if "data" in obj:
            seen_any = True
            yield from _page_records(obj, line, account_handle, kind)
        elif "id" in obj and "text" in obj:
            seen_any = True
            yield row_guard(line, _tweet_record, obj, line, {}, {}, {}, {}, account_handle, kind)
        elif "errors" in obj:
            yield RowError(line, "halaman hanya berisi galat: " + "; ".join(
                str(e.get("title", "")) for e in obj["errors"] if isinstance(e, dict))[:200])
        else:
            yield RowError(line, "bukan respons X API v2 (tidak ada 'data') dan bukan posting twarc2 flatten")
    if not seen_any:
        raise FormatError("Tidak ada posting X API v2 di berkas ini.")
