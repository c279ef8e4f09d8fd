"""Zeeschuimer NDJSON, 4CAT dataset NDJSON and 4CAT/Zeeschuimer CSV: Instagram, TikTok, TikTok comments and X
items captured while a person browsed. See /work/shared/formats/zeeschuimer-4cat.md.

- NDJSON shape is detected per line: Zeeschuimer's wrapper (`source_platform` + `data`) or 4CAT's (platform
  fields at the top level + `__import_meta`);
- CSV columns are mapped by header name (4CAT uses `,`, Zeeschuimer's own CSV `;`); list columns are
  comma-joined, `stickers` newline-joined; the platform is told by the column set;
- duplicates (same platform and item id, another `nav_index`) collapse to one: a full copy beats a
  `_zs_partial` one, then the newest `last_updated` (ms) wins; in a CSV the later row wins;
- external ids match across the three shapes (and X API v2): Instagram shortcode, TikTok video id, TikTok
  comment id, X post id. Item times are Unix seconds (X: v1.1 `created_at`), all UTC;
- TikTok text stickers (`stickersOnItem`) are appended to the caption; an Instagram caption may be null;
- **author check**: the files hold what the browser *saw*. With `account_handle` given, only items whose author
  (or an Instagram co-author) is that account are kept; every other item becomes a RowError "bukan unggahan akun
  ini" so the import report shows how many were left out and why. Without `account_handle` every item is kept
  under its own author's handle, and the store attributes only those whose handle is a declared account. Ads
  not posted by the account are left out the same way;
- pseudonymised 4CAT CSVs (`author*` hashed or `REDACTED`): rows are kept with an empty handle (never attributed)
  and `_pseudonymised: true` in the payload, since the author cannot be checked.
"""

import csv
import io
import re

from netral.core.tabular import TableError, _decode as tabular_decode
from netral.monitoring.ingest.common import (FormatError, Record, RowError, clean_text, decode_text, from_unix,
                                             iter_json_lines, parse_iso, row_guard, unescape_x)

FORMAT = "zeeschuimer"
LABEL = "Zeeschuimer / 4CAT (NDJSON, CSV)"

PLATFORMS = {"instagram.com": "instagram", "instagram": "instagram", "tiktok.com": "tiktok", "tiktok": "tiktok",
             "tiktok-comments": "tiktok-comments", "twitter.com": "x", "twitter": "x", "x.com": "x"}
CSV_MARKERS = {"collected_from_url", "unix_timestamp", "thread_id"}
HASHED = re.compile(r"[0-9a-f]{32,128}")


def _header_line(text: str):
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    sep = ";" if first.count(";") > first.count(",") else ","
    return [c.strip().strip('"').lower() for c in first.split(sep)], sep


def sniff(head: bytes, name: str) -> bool:
    h = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t")
    first = h.split("\n", 1)[0]
    if first.startswith("{"):
        return ('"source_platform"' in first and '"data"' in first) or '"__import_meta"' in first
    cols, _sep = _header_line(h)
    return "id" in cols and "body" in cols and len(CSV_MARKERS & set(cols)) >= 2


def _handle(v):
    return str(v or "").strip().lstrip("@").lower()


def _bool(v):
    return str(v).strip().lower() in ("yes", "true", "1")


# --- platform objects (NDJSON) ------------------------------------------------------------------------------------


def _instagram(d, line):
    code = d.get("code") or d.get("shortcode")
    pk = str(d.get("pk") or str(d.get("id") or "").split("_")[0])
    if not (code or pk):
        return RowError(line, "item Instagram tanpa kode/id")
    user = d.get("user") or d.get("owner") or {}
    author = _handle(user.get("username"))
    caption = d.get("caption")
    if not isinstance(caption, dict):
        caption = {"text": caption if isinstance(caption, str) else ""}
    text = clean_text(caption.get("text"))
    media = []
    for m in [c for c in d.get("carousel_media") or [] if isinstance(c, dict)] or [d]:
        cands = (m.get("image_versions2") or {}).get("candidates") or []
        vids = m.get("video_versions") or []
        for group in (vids, cands):
            if group and isinstance(group[0], dict) and group[0].get("url"):
                media.append(group[0]["url"])
                break
    coauthors = [_handle(c.get("username")) for c in d.get("coauthor_producers") or [] if isinstance(c, dict)]
    return dict(platform="instagram", external_id=str(code or pk), author=author, coauthors=coauthors,
                url=f"https://www.instagram.com/p/{code}/" if code else "", text=text,
                interaction="photo" if not text and media and d.get("media_type") in (1, 8) else "post",
                when=from_unix(d.get("taken_at")), raw=str(d.get("taken_at") or ""), media=media,
                ad=d.get("product_type") == "ad", partial=bool(d.get("_zs_partial")))


def _tiktok(d, line):
    vid = str(d.get("id") or "")
    if not vid:
        return RowError(line, "item TikTok tanpa id")
    a = d.get("author")
    author = _handle(a.get("uniqueId") if isinstance(a, dict) else a)
    stickers = [clean_text(t) for s in d.get("stickersOnItem") or [] if isinstance(s, dict)
                for t in s.get("stickerText") or [] if clean_text(t)]
    text = clean_text("\n".join([clean_text(d.get("desc"))] + stickers))
    media = [img["imageURL"]["urlList"][0] for img in (d.get("imagePost") or {}).get("images") or []
             if isinstance(img, dict) and (img.get("imageURL") or {}).get("urlList")]
    cover = (d.get("video") or {}).get("cover")
    return dict(platform="tiktok", external_id=vid, author=author, coauthors=[],
                url=f"https://www.tiktok.com/@{author}/video/{vid}" if author else "", text=text,
                interaction="photo" if media and not text else "post", when=from_unix(d.get("createTime")),
                raw=str(d.get("createTime") or ""), media=media or ([cover] if cover else []),
                ad=bool(d.get("isAd")), partial=bool(d.get("_zs_partial")))


def _tiktok_comment(d, line, page_url=""):
    cid = str(d.get("cid") or d.get("id") or "")
    if not cid:
        return RowError(line, "komentar TikTok tanpa id")
    author = _handle((d.get("user") or {}).get("unique_id"))
    aweme = str(d.get("aweme_id") or "")
    share = d.get("share_info") or {}
    m = re.search(r"tiktok\.com/@([^/?#]+)/video/" + re.escape(aweme), page_url or "") if aweme else None
    ref_url = f"https://m.tiktok.com/v/{aweme}.html" if aweme else ""
    return dict(platform="tiktok", external_id=cid, author=author, coauthors=[], url=share.get("url") or ref_url,
                text=clean_text(d.get("text")), interaction="comment", when=from_unix(d.get("create_time")),
                raw=str(d.get("create_time") or ""), media=[], ref_text=clean_text(share.get("title")),
                ref_url=ref_url, ref_author=_handle(m.group(1)) if m else "", ad=False, partial=False)


def _x_text(t):
    note = (((t.get("note_tweet") or {}).get("note_tweet_results") or {}).get("result") or {}).get("text")
    return clean_text(unescape_x(note or (t.get("legacy") or {}).get("full_text") or ""))


def _x_unwrap(t):
    if isinstance(t, dict) and "tweet" in t and "rest_id" not in t:
        t = t["tweet"]
    return t if isinstance(t, dict) else {}


def _x_author(t):
    u = (((t.get("core") or {}).get("user_results") or {}).get("result") or {})
    return _handle((u.get("core") or {}).get("screen_name") or (u.get("legacy") or {}).get("screen_name"))


def _x(d, line):
    t = _x_unwrap(d)
    rid = str(t.get("rest_id") or "")
    if not rid:
        return RowError(line, "item X tanpa rest_id")
    leg = t.get("legacy") or {}
    author = _x_author(t)
    try:
        when, _assumed = parse_iso(leg.get("created_at"))
    except ValueError:
        return RowError(line, f"waktu tidak dikenali: {str(leg.get('created_at'))[:40]}")
    out = dict(platform="x", external_id=rid, author=author, coauthors=[], text=_x_text(t), interaction="post",
               url=f"https://x.com/{author or 'i/web'}/status/{rid}", when=when, raw=str(leg.get("created_at") or ""),
               media=[m.get("media_url_https") for m in (leg.get("extended_entities") or {}).get("media") or []
                      if isinstance(m, dict) and m.get("media_url_https")], ad=False, partial=False)
    rt = _x_unwrap((leg.get("retweeted_status_result") or {}).get("result"))
    qt = _x_unwrap((t.get("quoted_status_result") or {}).get("result"))
    if rt.get("rest_id"):
        ra = _x_author(rt)
        out.update(interaction="share", text="", ref_text=_x_text(rt), ref_author=ra,
                   ref_url=f"https://x.com/{ra or 'i/web'}/status/{rt['rest_id']}")
    elif qt or leg.get("is_quote_status"):
        qa = _x_author(qt)
        qid = qt.get("rest_id") or leg.get("quoted_status_id_str") or ""
        out.update(interaction="share", ref_text=_x_text(qt) if qt.get("rest_id") else "", ref_author=qa,
                   ref_url=f"https://x.com/{qa or 'i/web'}/status/{qid}" if qid else "")
    elif leg.get("in_reply_to_status_id_str") or leg.get("in_reply_to_screen_name"):
        ra = _handle(leg.get("in_reply_to_screen_name"))
        out.update(interaction="comment", ref_author=ra, ref_url=(
            f"https://x.com/{ra or 'i/web'}/status/{leg['in_reply_to_status_id_str']}"
            if leg.get("in_reply_to_status_id_str") else ""))
    return out


def _from_object(platform, d, line, page_url=""):
    if platform == "instagram":
        return _instagram(d, line)
    if platform == "tiktok":
        return _tiktok(d, line)
    if platform == "tiktok-comments":
        return _tiktok_comment(d, line, page_url)
    return _x(d, line)


# --- CSV rows -------------------------------------------------------------------------------------------------------


def _csv_platform(cols):
    if "collected_from_view" in cols or "num_media" in cols or "coauthors" in cols:
        return "instagram"
    if "post_id" in cols and ("comment_url" in cols or "is_comment_on_comment" in cols):
        return "tiktok-comments"
    if "tiktok_url" in cols or "is_duet" in cols or "stickers" in cols:
        return "tiktok"
    if "is_retweet" in cols or "retweet_count" in cols:
        return "x"
    return None


def _split(v, sep=","):
    return [p.strip() for p in str(v or "").split(sep) if p.strip()]


def _from_row(platform, r, line):
    ext = (r.get("id") or "").strip()
    if not ext:
        return RowError(line, "baris tanpa id")
    unix = (r.get("unix_timestamp") or "").strip()
    raw = (unix if unix.strip("0.") else "") or (r.get("timestamp") or "").strip()  # "0": unmapped default
    try:
        when = from_unix(raw) if re.fullmatch(r"\d+(\.\d+)?", raw) else parse_iso(raw)[0]
    except (ValueError, OverflowError):
        return RowError(line, f"waktu tidak dikenali: {raw[:40]}")
    author = _handle(r.get("author"))
    pseudo = author == "redacted" or bool(HASHED.fullmatch(author))
    body = clean_text(r.get("body"))
    out = dict(platform="x" if platform == "x" else platform.split("-")[0], external_id=ext, coauthors=[],
               author="" if pseudo else author, pseudonymised=pseudo, when=when, raw=raw, text=body,
               interaction="post", media=[], ad=_bool(r.get("is_ad")), partial=_bool(r.get("partial_item")))
    if platform == "instagram":
        out["coauthors"] = [_handle(c) for c in _split(r.get("coauthors"))]
        out["url"] = r.get("url") or f"https://www.instagram.com/p/{ext}/"
        out["media"] = _split(r.get("media_urls")) or _split(r.get("image_urls"))
        if not body and out["media"] and r.get("media_type") == "photo":
            out["interaction"] = "photo"
    elif platform == "tiktok":
        stickers = [clean_text(s) for s in str(r.get("stickers") or "").split("\n") if clean_text(s)]
        out["text"] = clean_text("\n".join([body] + stickers))
        out["url"] = r.get("tiktok_url") or (f"https://www.tiktok.com/@{author}/video/{ext}" if author and not pseudo
                                             else "")
        if r.get("thumbnail_url"):
            out["media"] = [r["thumbnail_url"]]
    elif platform == "tiktok-comments":
        out.update(interaction="comment", url=r.get("comment_url") or r.get("post_url") or "",
                   ref_url=r.get("post_url") or "", ref_text=clean_text(r.get("post_body")))
        m = re.search(r"tiktok\.com/@([^/?#]+)/video/", r.get("post_url") or "")
        out["ref_author"] = _handle(m.group(1)) if m else ""
    else:
        out["url"] = r.get("link") or f"https://x.com/{author or 'i/web'}/status/{ext}"
        out["media"] = _split(r.get("images"))
        if _bool(r.get("is_retweet")):
            ra = _handle(r.get("retweeted_user"))
            out.update(interaction="share", text="", ref_author=ra,
                       ref_text=clean_text(re.sub(r"^RT @[^:]+:\s*", "", body)))
        elif _bool(r.get("is_quote_tweet")):
            qa = _handle(r.get("quote_author"))
            out.update(interaction="share", ref_text=clean_text(r.get("quote_body")), ref_author=qa,
                       ref_url=f"https://x.com/{qa or 'i/web'}/status/{r['quote_tweet_id']}"
                       if r.get("quote_tweet_id") else "")
        elif _bool(r.get("is_reply")):
            out.update(interaction="comment", ref_author=_handle(r.get("replied_author")))
    return out


# --- common ---------------------------------------------------------------------------------------------------------


def _finish(f, line, account_handle, payload):
    """The author check, then the Record (or a RowError saying why the item is left out)."""
    author, handle, ref_author = f.get("author", ""), f.get("author", ""), f.get("ref_author", "")
    if f.get("pseudonymised"):
        payload = dict(payload, _pseudonymised=True)
    elif account_handle and author != account_handle:
        if account_handle in f.get("coauthors", []):
            handle, ref_author = account_handle, ref_author or author  # collab post: the account co-authored it
        else:
            return RowError(line, f"bukan unggahan akun ini (penulis @{author or '?'}): hanya terlihat saat "
                                  "menjelajah, tidak diimpor")
    elif f.get("ad") and not account_handle:
        return RowError(line, f"iklan dari @{author or '?'}, tidak diimpor")
    if f.get("partial"):
        payload = dict(payload, _partial=True)
    return Record(line=line, platform=f["platform"], external_id=f["external_id"][:200],
                  interaction=f.get("interaction", "post"), handle=handle[:100], url=(f.get("url") or "")[:1000],
                  text=f.get("text", ""), ref_text=f.get("ref_text", ""), ref_url=(f.get("ref_url") or "")[:1000],
                  ref_author=ref_author, posted_at=f.get("when"), posted_at_raw=(f.get("raw") or "")[:64],
                  payload=payload, media_urls=[u for u in f.get("media", []) if u][:20])


def _ndjson_item(n, obj, meta, d):
    """(key, rank, fields, payload) of one NDJSON line, or a RowError."""
    source = str(meta.get("source_platform") or "").lower()
    platform = PLATFORMS.get(source)
    if not platform:
        return RowError(n, f"platform {source[:40] or '?'} tidak didukung")
    f = _from_object(platform, d, n, str(meta.get("source_platform_url") or ""))
    if isinstance(f, RowError):
        return f
    key = (f["platform"], f["external_id"])
    try:
        stamp = int(float(meta.get("last_updated") or meta.get("timestamp_collected") or 0))
    except (TypeError, ValueError, OverflowError):
        stamp = 0  # only ranks duplicates of one item; a bad stamp does not make the item bad
    rank = (not f.get("partial"), stamp, n)
    return key, rank, f, {k: v for k, v in obj.items() if k != "user_agent"}


def _parse_ndjson(data, account_handle):
    kept, errors, recognised = {}, [], 0
    for n, obj in iter_json_lines(data):
        if isinstance(obj, RowError):
            errors.append((n, obj))
            continue
        if not isinstance(obj, dict):
            errors.append((n, RowError(n, "baris bukan objek JSON")))
            continue
        if isinstance(obj.get("__import_meta"), dict):  # 4CAT: platform fields at the top level
            meta, d = obj["__import_meta"], {k: v for k, v in obj.items() if k != "__import_meta"}
        elif "source_platform" in obj and isinstance(obj.get("data"), dict):  # Zeeschuimer wrapper
            meta, d = obj, obj["data"]
        else:
            errors.append((n, RowError(n, "bukan item Zeeschuimer/4CAT (tidak ada 'data'+'source_platform' atau "
                                          "'__import_meta')")))
            continue
        recognised += 1
        out = row_guard(n, _ndjson_item, n, obj, meta, d)
        if isinstance(out, RowError):
            errors.append((n, out))
            continue
        key, rank, f, payload = out
        if key not in kept or rank > kept[key][0]:
            kept[key] = (rank, n, f, payload)
    if not recognised:
        raise FormatError("Bukan berkas NDJSON Zeeschuimer/4CAT: tidak ada satu baris pun dengan 'source_platform' "
                          "dan 'data', atau '__import_meta'.")
    return kept, errors


# a valid UTF-8 multi-byte sequence: a file holding one is UTF-8 (damaged, if it does not decode), not Windows-1252
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _csv_text(data):
    """UTF-8; a file saved again by Excel ("CSV (Comma delimited)") is Windows-1252, read as such (core.tabular)."""
    try:
        return decode_text(data)
    except FormatError:
        if UTF8_SEQUENCE.search(data):
            return decode_text(data, lenient=True)  # damaged UTF-8: the bad bytes become U+FFFD, the rest is kept
    try:
        return tabular_decode(data)[0]
    except TableError as e:
        raise FormatError(str(e)) from e


def _parse_csv(data, account_handle):
    text = _csv_text(data)
    cols, sep = _header_line(text)
    platform = _csv_platform(set(cols))
    if platform is None or "id" not in cols:
        raise FormatError("Bukan CSV 4CAT/Zeeschuimer yang dikenali: kolom id, body, timestamp dan kolom khas "
                          "Instagram/TikTok/X tidak ditemukan.")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=sep)
    reader.fieldnames = [c.strip().lower() for c in reader.fieldnames or []]
    kept, errors = {}, []
    start = 2
    while True:
        n = start
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # a cell over the field limit, ...: keep the rows before it
            if n == 2:
                raise
            errors.append((n, RowError(n, f"CSV rusak mulai baris ini ({e}); baris ini dan sesudahnya tidak dibaca")))
            break
        start = reader.line_num + 1
        if None in row:  # more cells than the header
            errors.append((n, RowError(n, "jumlah kolom lebih banyak dari judul kolom")))
            continue
        if any(v is None for v in row.values()) and any((v or "").strip() for v in row.values()):
            # fewer cells than the header: a cut or broken line (an unclosed quote swallows the lines after it)
            errors.append((n, RowError(n, "jumlah kolom kurang dari judul kolom (baris terpotong atau tanda kutip "
                                          "tidak ditutup)")))
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        f = row_guard(n, _from_row, platform, row, n)
        if isinstance(f, RowError):
            errors.append((n, f))
            continue
        kept[(f["platform"], f["external_id"])] = ((n,), n, f, {k: v for k, v in row.items() if v not in (None, "")})
    return kept, errors


def parse(data: bytes, account_handle: str = ""):
    account_handle = (account_handle or "").strip().lstrip("@").lower()
    stripped = data.lstrip(b"\xef\xbb\xbf \r\n\t")
    if not stripped:
        raise FormatError("Berkas kosong.")
    if stripped.startswith(b"["):
        raise FormatError("Berkas berisi satu larik JSON; Zeeschuimer/4CAT memakai NDJSON (satu objek per baris).")
    if stripped.startswith(b"{"):
        kept, errors = _parse_ndjson(data, account_handle)
    else:
        try:
            kept, errors = _parse_csv(data, account_handle)
        except csv.Error as e:
            raise FormatError(f"CSV tidak dapat dibaca: {e}") from e
    out = errors + [(n, row_guard(n, _finish, f, n, account_handle, payload))
                    for _rank, n, f, payload in kept.values()]
    out.sort(key=lambda p: p[0])
    for _n, rec in out:
        yield rec

