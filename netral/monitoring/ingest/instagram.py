"""Instagram "Download Your Information" (JSON). See /work/shared/formats/instagram-dyi.md.

One file of the archive per import; the kind of file is recognised by its structure, not its name:
- posts (`posts_N.json`: array of {"media": [...]}; `reels.json` {"ig_reels_media"}; `stories.json`
  {"ig_stories"}) → post (with caption) or photo (media only). Caption from `media[0].title` (single) or the
  top-level `title` (carousel), whichever is longer; time from the top-level `creation_timestamp`, else the media's;
- comments (`post_comments_N.json` bare array, `{"comments_media_comments"}`, `{"comments_reels_comments"}`) →
  comment; the `string_map_data` labels are localised, so they are read by structure (the entry with a timestamp
  is the time; comment and media owner by a list of label synonyms, else by position);
- likes (`liked_posts.json` `{"likes_media_likes"}` and the newer `label_values` array; `liked_comments.json`,
  `story_likes.json`) → like, keyed on the liked post's shortcode where the URL gives one;
- following (`{"relationships_following"}`) → follow, keyed on the username (value, title or URL tail).

Every string is repaired from Meta's mojibake first. Own posts and comments have no id: the key is
`common.stable_id` (platform, kind, owner, time, text).
"""

import re

from netral.core.imports import guarded
from netral.monitoring.ingest.common import (FormatError, Record, RowError, clean_text, fix_mojibake_deep, from_unix,
                                             load_json, row_guard, stable_id)
from netral.monitoring.ingest.facebook import owner_handle

FORMAT = "instagram"
LABEL = "Instagram DYI (JSON)"
PLATFORM = "instagram"

LIKE_KEYS = {"likes_media_likes": "post", "likes_comment_likes": "comment", "story_activities_story_likes": "story"}
COMMENT_KEYS = ("comments_media_comments", "comments_reels_comments", "comments_story_comments")
FOLLOW_KEYS = ("relationships_following",)
SNIFF_KEYS = ('"string_map_data"', '"string_list_data"', '"media_list_data"', '"likes_media_likes"',
              '"likes_comment_likes"', '"story_activities_story_likes"', '"relationships_following"',
              '"comments_media_comments"', '"comments_reels_comments"', '"ig_stories"', '"ig_reels_media"')
FOREIGN_KEYS = ('"__twarc"', '"edit_history_tweet_ids"', '"source_platform"', '"__import_meta"', '"item_id"')
COMMENT_LABELS = ("comment", "opmerking", "komentar", "kommentar", "commentaire", "comentario", "comentário")
OWNER_LABELS = ("media owner", "media-eigenaar", "pemilik media", "pemilik", "owner", "eigenaar")
URL_LABELS = ("url", "link", "tautan")
NAME_LABELS = ("username", "nama pengguna", "gebruikersnaam", "name", "nama", "naam", "owner", "pemilik")
POST_CODE = re.compile(r"instagram\.com/(?:[^/]+/)?(p|reel|reels|tv)/([A-Za-z0-9_-]+)")


def sniff(head: bytes, name: str) -> bool:
    h = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t")
    if not h.startswith(("{", "[")) or any(k in h for k in FOREIGN_KEYS):
        return False
    if any(k in h for k in SNIFF_KEYS):
        return True
    if '"label_values"' in h:
        return "instagram.com" in h
    # posts_N.json: [{"media": [{"uri", "creation_timestamp", "title"}]}], with no Facebook "timestamp" key
    return (h.startswith("[") and '"media"' in h and '"creation_timestamp"' in h and '"uri"' in h
            and '"timestamp"' not in h)


def _ts(value):
    if isinstance(value, bool) or value in (None, ""):
        return None, ""
    try:
        return from_unix(value), str(value)
    except (TypeError, ValueError, OverflowError, OSError):
        return None, ""


def _bad_time(i):
    return RowError(i, f"item ke-{i}: waktu (timestamp) tidak ada atau tidak sah")


def _post(i, item, owner):
    media = [m for m in item.get("media") or [] if isinstance(m, dict)]
    if not media and item.get("uri"):  # a story: the item is the media
        media = [item]
        item = {"media": media}
    if not media:
        return RowError(i, f"item ke-{i}: unggahan tanpa 'media'")
    top, first = clean_text(item.get("title")), clean_text(media[0].get("title"))
    text = top if len(top) >= len(first) else first
    when, raw = _ts(item.get("creation_timestamp"))
    if when is None:
        when, raw = _ts(media[0].get("creation_timestamp"))
    if when is None:
        return _bad_time(i)
    media_urls = [str(m["uri"]) for m in media if m.get("uri")]
    kind = "post" if text else "photo"
    key = f"{text}|{media_urls[0]}" if media_urls else text
    return Record(line=i, platform=PLATFORM, external_id=stable_id(PLATFORM, kind, owner, when, key),
                  interaction=kind, handle=owner, text=text, posted_at=when, posted_at_raw=raw, payload=item,
                  media_urls=media_urls)


def _comment(i, item, owner):
    smd = item.get("string_map_data")
    if not isinstance(smd, dict):
        return RowError(i, f"item ke-{i}: komentar tanpa 'string_map_data'")
    when, raw, values = None, "", []
    for label, entry in smd.items():
        if not isinstance(entry, dict):
            continue
        if "timestamp" in entry and when is None:
            when, raw = _ts(entry.get("timestamp"))
        elif "value" in entry:
            values.append((clean_text(label).lower(), clean_text(entry.get("value"))))
    if when is None:
        return _bad_time(i)
    text = next((v for lab, v in values if lab in COMMENT_LABELS), None)
    media_owner = next((v for lab, v in values if lab in OWNER_LABELS), None)
    rest = [v for lab, v in values if lab not in COMMENT_LABELS + OWNER_LABELS]
    if text is None:
        text = rest.pop(0) if rest else ""
    if media_owner is None:
        media_owner = rest.pop(0) if rest else ""
    media_owner = media_owner.lstrip("@").lower()
    media_urls = [str(m["uri"]) for m in item.get("media_list_data") or [] if isinstance(m, dict) and m.get("uri")]
    return Record(line=i, platform=PLATFORM, external_id=stable_id(PLATFORM, "comment", owner, when, text),
                  interaction="comment", handle=owner, text=text, ref_author=media_owner,
                  ref_url=f"https://www.instagram.com/{media_owner}/" if media_owner else "",
                  posted_at=when, posted_at_raw=raw, payload=item, media_urls=media_urls)


def _like_record(i, item, owner, target, href, liked_owner, when, raw):
    m = POST_CODE.search(href or "")
    if m and target == "post":
        ext = f"like:{owner}:{m.group(2)}"
    else:
        ext = stable_id(PLATFORM, "like", owner, when, f"{target}|{href}|{liked_owner}")
    return Record(line=i, platform=PLATFORM, external_id=ext[:200], interaction="like", handle=owner,
                  url=href[:1000], ref_url=href[:1000], ref_author=liked_owner.lstrip("@").lower(),
                  posted_at=when, posted_at_raw=raw, payload=dict(item, _target=target))


def _like(i, item, owner, target):
    sld = [d for d in item.get("string_list_data") or [] if isinstance(d, dict)]
    if not sld:
        return RowError(i, f"item ke-{i}: suka tanpa 'string_list_data'")
    when, raw = _ts(sld[0].get("timestamp"))
    if when is None:
        return _bad_time(i)
    href = clean_text(sld[0].get("href"))
    return _like_record(i, item, owner, target, href, clean_text(item.get("title")), when, raw)


def _label_values(item):
    out = []

    def walk(o):
        if isinstance(o, list):
            for v in o:
                walk(v)
        elif isinstance(o, dict):
            if "label" in o:
                v = o.get("value")
                out.append((clean_text(o.get("label")).lower(),
                            clean_text(v) if isinstance(v, (str, int, float)) else "", clean_text(o.get("href"))))
            for v in o.values():
                if isinstance(v, (list, dict)):
                    walk(v)

    walk(item.get("label_values"))
    return out


def _like_lv(i, item, owner):
    when, raw = _ts(item.get("timestamp"))
    if when is None:
        return _bad_time(i)
    pairs = _label_values(item)
    href = next((h or v for lab, v, h in pairs if lab in URL_LABELS and (h or v)), "")
    if not href:
        href = next((h or v for _l, v, h in pairs if (h or v).startswith(("http://", "https://"))), "")
    liked_owner = next((v for want in NAME_LABELS for lab, v, _h in pairs
                        if lab == want and v and not v.startswith("http")), "")
    if not (href or liked_owner):
        return RowError(i, f"item ke-{i}: suka tanpa URL dan tanpa pemilik unggahan")
    return _like_record(i, item, owner, "post", href, liked_owner, when, raw)


def _follow(i, item, owner):
    sld = [d for d in item.get("string_list_data") or [] if isinstance(d, dict)]
    first = sld[0] if sld else {}
    href = clean_text(first.get("href"))
    user = clean_text(first.get("value") or item.get("title"))
    if not user and href:
        user = href.rstrip("/").rsplit("/", 1)[-1]
    user = user.lstrip("@").lower()
    if not user:
        return RowError(i, f"item ke-{i}: akun yang diikuti tidak ada (tanpa value, title, atau href)")
    when, raw = _ts(first.get("timestamp"))
    url = href or f"https://www.instagram.com/{user}/"
    return Record(line=i, platform=PLATFORM, external_id=f"follow:{owner}:{user}"[:200], interaction="follow",
                  handle=owner, url=url[:1000], ref_text=user, ref_url=url[:1000], ref_author=user,
                  posted_at=when, posted_at_raw=raw, payload=item)


def _item_kind(item):
    if not isinstance(item, dict):
        return None
    if "string_map_data" in item:
        return "comment"
    if "label_values" in item:
        return "like_lv"
    if isinstance(item.get("media"), list) or ("uri" in item and "creation_timestamp" in item):
        return "post"
    if "string_list_data" in item:
        hrefs = [d.get("href", "") for d in item["string_list_data"] if isinstance(d, dict)]
        return "like" if any(POST_CODE.search(str(h)) for h in hrefs) else None
    return None


def parse(data: bytes, account_handle: str = ""):
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise FormatError("Berkas kosong.")
    obj = fix_mojibake_deep(load_json(data))
    owner = owner_handle(account_handle, PLATFORM)
    like_target = "post"
    if isinstance(obj, dict):
        key = next((k for k in tuple(LIKE_KEYS) + COMMENT_KEYS + FOLLOW_KEYS + ("ig_stories", "ig_reels_media")
                    if isinstance(obj.get(k), list)), None)
        if key is None:
            raise FormatError("Bukan berkas Instagram DYI yang dikenali: tidak ada daftar unggahan, komentar, suka, "
                              "atau akun yang diikuti (misalnya 'likes_media_likes', 'relationships_following').")
        items = obj[key]
        forced = ("like" if key in LIKE_KEYS else "comment" if key in COMMENT_KEYS
                  else "follow" if key in FOLLOW_KEYS else "post")
        like_target = LIKE_KEYS.get(key, "post")
    elif isinstance(obj, list):
        items, forced = obj, None
        if items and not any(guarded(lambda _r: None, _item_kind, it) for it in items):
            raise FormatError("Bukan berkas Instagram DYI yang dikenali: item tidak memiliki 'media', "
                              "'string_map_data', 'string_list_data' atau 'label_values'.")
    else:
        raise FormatError("Berkas Instagram DYI harus berupa objek atau daftar JSON.")
    if not items:
        raise FormatError("Berkas Instagram DYI ini tidak berisi satu item pun.")
    def one(i, item):
        kind = forced or _item_kind(item)
        if kind == "post":
            return _post(i, item, owner)
        if kind == "comment":
            return _comment(i, item, owner)
        if kind == "like":
            return _like(i, item, owner, like_target) if "string_list_data" in item or "label_values" not in item \
                else _like_lv(i, item, owner)
        if kind == "like_lv":
            return _like_lv(i, item, owner)
        if kind == "follow":
            return _follow(i, item, owner)
        return RowError(i, f"item ke-{i}: bentuk item tidak dikenali")

    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield RowError(i, f"item ke-{i} bukan objek JSON")
            continue
        yield row_guard(i, one, i, item)
