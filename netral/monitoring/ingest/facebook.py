"""Facebook "Download Your Information" (JSON). See /work/shared/formats/facebook-dyi.md.

One file of the archive per import; the kind of file is recognised by its structure, not its name:
- posts (`your_posts_1.json`, `your_posts__check_ins__photos_and_videos_N.json`: a top-level array;
  `{"group_posts_v2": [...]}`) → post / share (link or shared post) / photo (media without text);
- comments (`{"comments_v2"}`, `{"group_comments_v2"}`) → comment; stickers and GIFs go to media_urls;
- reactions (`likes_and_reactions_N.json` array, `{"reactions_v2"}`, and the newer `likes_and_reactions.json`
  `label_values` list) → like. Both shapes give the same key (account, timestamp, reaction type), so the same
  reaction from two files is stored once;
- posts on other people's pages and profiles (`posts_on_other_pages_and_profiles.json`, a `label_values` list
  with a message label) → post, with the page or profile as ref_author and its link as ref_url;
- group joins (`groups_joined_v2`), pages liked (`page_likes_v2`), pages followed (`pages_followed_v2`),
  profiles followed (`following_v3`) → follow.

Every string is repaired from Meta's mojibake first. There are no ids or permalinks: the key is
`common.stable_id` (platform, kind, owner, time, text). The target of a comment or reaction is known only from the
localised `title`, which goes to ref_text; the target's name is pulled out of it where the wording is known.
"""

import re

from netral.core.imports import guarded
from netral.monitoring.ingest.common import (FormatError, Record, RowError, clean_text, fix_mojibake_deep, from_unix,
                                             load_json, row_guard, stable_id)

FORMAT = "facebook"
LABEL = "Facebook DYI (JSON)"
PLATFORM = "facebook"

REACTIONS = {"LIKE", "LOVE", "CARE", "HAHA", "WOW", "SAD", "ANGRY", "SUPPORT", "PRIDE", "THANKFUL"}
COMMENT_KEYS = ("comments_v2", "group_comments_v2", "comments")
REACTION_KEYS = ("reactions_v2", "reactions")
POST_KEYS = ("group_posts_v2",)
FOLLOW_KEYS = {"groups_joined_v2": "group", "page_likes_v2": "page", "pages_followed_v2": "page",
               "following_v3": "profile", "following_v2": "profile", "following": "profile"}
SNIFF_KEYS = ('"comments_v2"', '"group_comments_v2"', '"reactions_v2"', '"group_posts_v2"', '"groups_joined_v2"',
              '"page_likes_v2"', '"pages_followed_v2"', '"following_v3"', '"following_v2"')
FOREIGN_KEYS = ('"string_map_data"', '"string_list_data"', '"media_list_data"', '"relationships_following"',
                '"likes_media_likes"', '"__twarc"', '"edit_history_tweet_ids"', '"author_id"', '"source_platform"',
                '"__import_meta"', '"item_id"')

# "X likes Y's post." / "X reacted to Y's photo." / "X replied to Y's comment." (English titles)
EN_TARGET = re.compile(r"\b(?:likes|liked|loves|reacted to|commented on|replied to|shared)\s+(.+?)['’]s?\s+"
                       r"(?:own\s+)?(post|photo|video|comment|status|link|album|reel|event|note|story|memory)\b", re.I)
EN_OWN = re.compile(r"\b(?:his|her|their|your) own\b", re.I)
# "X menyukai kiriman Y." / "X mengomentari foto Y." / "X membalas komentar Y." (Indonesian titles, guessed)
ID_TARGET = re.compile(r"\b(?:menyukai|menanggapi|mengomentari|membalas|berkomentar di|bereaksi (?:pada|terhadap)|"
                       r"memberi reaksi (?:pada|ke|terhadap)|membagikan)\s+(?:kiriman|postingan|unggahan|foto|video|"
                       r"komentar|status|tautan|reel|album|acara|cerita)\s+(?:milik\s+|dari\s+)?(.+?)\.?$", re.I)
ID_OWN = re.compile(r"\bsendiri\b", re.I)
SHARE_TITLE = re.compile(r"\b(shared|membagikan|berbagi)\b", re.I)


def sniff(head: bytes, name: str) -> bool:
    h = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t")
    if not h.startswith(("{", "[")) or any(k in h for k in FOREIGN_KEYS):
        return False
    if any(k in h for k in SNIFF_KEYS):
        return True
    if not h.startswith("[") or '"timestamp"' not in h:
        return False
    if '"label_values"' in h:
        return '"fbid"' in h or ("facebook.com" in h and "instagram.com" not in h)
    return any(k in h for k in ('"post"', '"reaction"', '"update_timestamp"', '"attachments"'))


def owner_handle(account_handle: str, platform: str = PLATFORM) -> str:
    handle = (account_handle or "").strip()
    if not handle:
        return ""
    try:
        from netral.people.accounts import AccountError, normalise_account

        return normalise_account(platform, handle)[1]
    except (AccountError, ImportError):
        return handle.lstrip("@").lower()


def target_from_title(title: str, actor_name: str = ""):
    """(ref_author, what) from a localised title, or ("", "") when the wording is not known."""
    if not title:
        return "", ""
    m = EN_TARGET.search(title)
    if m:
        return clean_text(m.group(1)), m.group(2).lower()
    if EN_OWN.search(title) or ID_OWN.search(title):
        return clean_text(actor_name), ""
    m = ID_TARGET.search(title)
    if m:
        return clean_text(m.group(1)), ""
    return "", ""


def _time(item):
    raw = item.get("timestamp") if isinstance(item, dict) else None
    if isinstance(raw, bool) or raw in (None, ""):
        return None, ""
    try:
        return from_unix(raw), str(raw)
    except (TypeError, ValueError, OverflowError, OSError):
        return None, ""


def _attachments(item):
    """Every attachment entry ({"media": …} / {"external_context": …} / {"place": …}) of an item."""
    out = []
    for att in item.get("attachments") or []:
        if isinstance(att, dict):
            out.extend(d for d in att.get("data") or [] if isinstance(d, dict))
    return out


def _media_urls(entries):
    urls = []
    for d in entries:
        media = d.get("media")
        if isinstance(media, dict) and media.get("uri"):
            urls.append(str(media["uri"]))
    return urls


def _key_text(text, media_urls):
    return f"{text}|{media_urls[0]}" if media_urls else text


def _post(i, item, owner):
    when, raw = _time(item)
    if when is None:
        return RowError(i, f"item ke-{i}: waktu (timestamp) tidak ada atau tidak sah")
    data = [d for d in item.get("data") or [] if isinstance(d, dict)]
    text = clean_text("\n".join(str(d["post"]) for d in data if d.get("post")))
    entries = _attachments(item)
    media_urls = _media_urls(entries)
    if not text:  # a photo's caption is often only on the media
        captions = []
        for d in entries:
            desc = clean_text((d.get("media") or {}).get("description") if isinstance(d.get("media"), dict) else "")
            if desc and desc not in captions:
                captions.append(desc)
        text = "\n".join(captions)
    title = clean_text(item.get("title"))
    link = next((d["external_context"] for d in entries if isinstance(d.get("external_context"), dict)
                 and d["external_context"].get("url")), None)
    place = next((d["place"] for d in entries if isinstance(d.get("place"), dict)), None)
    ref_text, ref_url, ref_author = "", "", ""
    if link:
        kind = "share"
        ref_url = str(link.get("url", ""))
        ref_text = clean_text(link.get("name"))
        ref_author = clean_text(link.get("source"))
    elif title and SHARE_TITLE.search(title) and not media_urls:
        kind = "share"
        ref_text = title
        ref_author = target_from_title(title)[0]
    elif media_urls and not text:
        kind = "photo"
    else:
        kind = "post"
    if place and not ref_text:
        ref_text = clean_text(place.get("name"))
    return Record(line=i, platform=PLATFORM, external_id=stable_id(PLATFORM, kind, owner, when,
                                                                   _key_text(text, media_urls)),
                  interaction=kind, handle=owner, text=text, ref_text=ref_text, ref_url=ref_url[:1000],
                  ref_author=ref_author, posted_at=when, posted_at_raw=raw, payload=item, media_urls=media_urls)


def _comment(i, item, owner):
    when, raw = _time(item)
    data = [d["comment"] for d in item.get("data") or [] if isinstance(d, dict) and isinstance(d.get("comment"), dict)]
    if when is None and data:
        when, raw = _time(data[0])
    if when is None:
        return RowError(i, f"item ke-{i}: waktu (timestamp) tidak ada atau tidak sah")
    if not data and not item.get("attachments") and not item.get("title"):
        return RowError(i, f"item ke-{i}: bukan komentar (tidak ada 'data[].comment')")
    text = clean_text("\n".join(str(c.get("comment") or "") for c in data if c.get("comment")))
    author = clean_text(data[0].get("author")) if data else ""
    group = clean_text(data[0].get("group")) if data else ""
    entries = _attachments(item)
    media_urls = _media_urls(entries) + [str(d["external_context"]["url"]) for d in entries
                                         if isinstance(d.get("external_context"), dict)
                                         and d["external_context"].get("url")]
    title = clean_text(item.get("title"))
    ref_author = target_from_title(title, author)[0]
    ref_text = title + (f" (grup: {group})" if group and group not in title else "")
    return Record(line=i, platform=PLATFORM, external_id=stable_id(PLATFORM, "comment", owner, when,
                                                                   _key_text(text, media_urls)),
                  interaction="comment", handle=owner, text=text, ref_text=ref_text, ref_author=ref_author,
                  posted_at=when, posted_at_raw=raw, payload=item, media_urls=media_urls)


def _label_values(item):
    """Flatten (nested) label_values into [(label, value, href)]."""
    out = []

    def walk(o):
        if isinstance(o, list):
            for v in o:
                walk(v)
        elif isinstance(o, dict):
            if "label" in o:
                v = o.get("value")
                out.append((clean_text(o.get("label")), clean_text(v) if isinstance(v, (str, int, float)) else "",
                            clean_text(o.get("href"))))
            for k, v in o.items():
                if isinstance(v, (list, dict)):
                    walk(v)

    walk(item.get("label_values"))
    return out


def _reaction(i, item, owner):
    """(key for dedup, Record) or (None, RowError)."""
    when, raw = _time(item)
    if when is None:
        return None, RowError(i, f"item ke-{i}: waktu (timestamp) tidak ada atau tidak sah")
    ref_text, ref_url, ref_author = "", "", ""
    if "label_values" in item:
        pairs = _label_values(item)
        rtype = next((v.upper() for _l, v, _h in pairs if v.upper() in REACTIONS), "")
        if not rtype:
            rtype = next((v.upper() for lab, v, _h in pairs if lab.lower() in ("reaction", "reaksi", "tanggapan")
                          and v), "")
        ref_url = next((h or v for lab, v, h in pairs if (h or v).startswith(("http://", "https://"))), "")
        ref_author = next((v for lab, v, _h in pairs if lab.lower() in ("name", "nama") and v), "")
        if not ref_author:
            ref_author = next((v for _l, v, _h in pairs if v and v.upper() != rtype and not v.startswith("http")), "")
        ref_text = ref_author
    else:
        data = [d["reaction"] for d in item.get("data") or [] if isinstance(d, dict)
                and isinstance(d.get("reaction"), dict)]
        if not data:
            return None, RowError(i, f"item ke-{i}: bukan reaksi (tidak ada 'data[].reaction')")
        rtype = clean_text(data[0].get("reaction")).upper()
        ref_text = clean_text(item.get("title"))
        ref_author = target_from_title(ref_text, clean_text(data[0].get("actor")))[0]
    if not rtype:
        return None, RowError(i, f"item ke-{i}: jenis reaksi tidak ada")
    payload = dict(item, _reaction=rtype if rtype in REACTIONS else "OTHER")
    rec = Record(line=i, platform=PLATFORM, external_id=stable_id(PLATFORM, "like", owner, when, rtype),
                 interaction="like", handle=owner, url=ref_url[:1000], ref_text=ref_text, ref_url=ref_url[:1000],
                 ref_author=ref_author, posted_at=when, posted_at_raw=raw, payload=payload)
    return (raw, rtype), rec


# label_values labels that carry the text the owner wrote (English, Indonesian; exports localise them)
MESSAGE_LABELS = ("message", "pesan", "post", "postingan", "text", "teks", "status")
NAME_LABELS = ("name", "nama", "page", "halaman", "profile", "profil", "timeline", "kronologi")


def _is_post_on_other(pairs) -> bool:
    return (any(lab.lower() in MESSAGE_LABELS and v for lab, v, _h in pairs)
            and not any(v.upper() in REACTIONS for _l, v, _h in pairs))


def _post_on_other(i, item, owner):
    """A post the owner wrote on someone else's page or profile (label_values shape)."""
    when, raw = _time(item)
    if when is None:
        return RowError(i, f"item ke-{i}: waktu (timestamp) tidak ada atau tidak sah")
    pairs = _label_values(item)
    text = "\n".join(v for lab, v, _h in pairs if lab.lower() in MESSAGE_LABELS and v)
    url = next((h or v for _l, v, h in pairs if (h or v).startswith(("http://", "https://"))), "")
    where = next((v for lab, v, _h in pairs if lab.lower() in NAME_LABELS and v and not v.startswith("http")), "")
    return Record(line=i, platform=PLATFORM, external_id=stable_id(PLATFORM, "post", owner, when, text + url),
                  interaction="post", handle=owner, text=text, ref_text=where, ref_url=url[:1000],
                  ref_author=where, posted_at=when, posted_at_raw=raw, payload=dict(item, _on_other_page=True))


def _follow(i, item, owner, what):
    if not isinstance(item, dict):
        return RowError(i, f"item ke-{i} bukan objek JSON")
    when, raw = _time(item)
    if when is None:
        return RowError(i, f"item ke-{i}: waktu (timestamp) tidak ada atau tidak sah")
    data = [d for d in item.get("data") or [] if isinstance(d, dict)]
    name = clean_text(item.get("name") or next((d.get("name") for d in data if d.get("name")), "")
                      or (item.get("title") if what != "group" else ""))
    if not name and what == "group":
        name = clean_text(item.get("title"))
    if not name:
        return RowError(i, f"item ke-{i}: nama grup/halaman/profil tidak ada")
    url = clean_text(item.get("url") or next((d.get("uri") or d.get("url") for d in data
                                               if d.get("uri") or d.get("url")), ""))
    if not url.startswith(("http://", "https://")):
        url = ""
    return Record(line=i, platform=PLATFORM, external_id=stable_id(PLATFORM, "follow", owner, when, f"{what}:{name}"),
                  interaction="follow", handle=owner, url=url[:1000], ref_text=name, ref_url=url[:1000],
                  ref_author=name, posted_at=when, posted_at_raw=raw, payload=dict(item, _target=what))


def _item_kind(item):
    if not isinstance(item, dict):
        return None
    if "label_values" in item:
        return "post_other" if _is_post_on_other(_label_values(item)) else "reaction"
    data = [d for d in item.get("data") or [] if isinstance(d, dict)] if isinstance(item.get("data"), list) else []
    if any("reaction" in d for d in data):
        return "reaction"
    if any("comment" in d for d in data):
        return "comment"
    if "data" in item or "attachments" in item or ("timestamp" in item and "title" in item):
        return "post"
    return None


def parse(data: bytes, account_handle: str = ""):
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise FormatError("Berkas kosong.")
    obj = fix_mojibake_deep(load_json(data))
    owner = owner_handle(account_handle)
    follow_what = None
    if isinstance(obj, dict):
        key = next((k for k in COMMENT_KEYS + REACTION_KEYS + POST_KEYS + tuple(FOLLOW_KEYS)
                    if isinstance(obj.get(k), list)), None)
        if key is None:
            raise FormatError("Bukan berkas Facebook DYI yang dikenali: tidak ada daftar kiriman, komentar, reaksi, "
                              "grup, atau halaman (misalnya 'comments_v2', 'groups_joined_v2', 'page_likes_v2').")
        items = obj[key]
        forced = ("comment" if key in COMMENT_KEYS else "reaction" if key in REACTION_KEYS
                  else "post" if key in POST_KEYS else "follow")
        follow_what = FOLLOW_KEYS.get(key)
    elif isinstance(obj, list):
        items, forced = obj, None
        if items and not any(guarded(lambda _r: None, _item_kind, it) for it in items):
            raise FormatError("Bukan berkas Facebook DYI yang dikenali: item tidak memiliki 'timestamp' dengan "
                              "'data', 'attachments' atau 'label_values'.")
    else:
        raise FormatError("Berkas Facebook DYI harus berupa objek atau daftar JSON.")
    if not items:
        raise FormatError("Berkas Facebook DYI ini tidak berisi satu item pun.")
    seen_reactions = set()

    def one(i, item):
        kind = forced or _item_kind(item)
        if kind == "follow":
            return _follow(i, item, owner, follow_what)
        if kind == "comment":
            return _comment(i, item, owner)
        if kind == "reaction":
            key, rec = _reaction(i, item, owner)
            if key is not None:
                if key in seen_reactions:  # the same reaction twice in one file
                    return None
                seen_reactions.add(key)
            return rec
        if kind == "post":
            return _post(i, item, owner)
        if kind == "post_other":
            return _post_on_other(i, item, owner)
        return RowError(i, f"item ke-{i}: bentuk item tidak dikenali (tanpa 'timestamp'/'data')")

    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield RowError(i, f"item ke-{i} bukan objek JSON")
            continue
        rec = row_guard(i, one, i, item)
        if rec is not None:
            yield rec
