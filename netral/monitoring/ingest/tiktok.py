"""TikTok "Download your data" export, JSON: `user_data_tiktok.json` (newer) or `user_data.json` (older), one big
object. See /work/shared/formats/tiktok-export.md.

- both layouts (`Activity`/`Video` and `Your Activity`/`Post`/`Likes and Favorites`/`Profile And Settings`); every
  key is looked up without regard to case, and each list is tried under several paths;
- own posts (`Post.Posts.VideoList`, `Video.Videos.VideoList`, plus `Post.Recently Deleted Posts.PostList`, marked
  `_deleted` in the payload), comments, likes (`Like List`) and favourites (`Favorite Videos`), reposts, share
  history, following. Followers, watch history and searches are not the user's interactions and are skipped;
- `Date` has no zone: taken as UTC and flagged (`time_assumed_utc`), the original string kept;
- own posts and comments have no id: the key is `stable_id` (platform, kind, account, time, text); other people's
  videos are keyed on the numeric id in `/video/<id>`;
- own-post `Link` is an expiring CDN download URL (slideshows: several URLs separated by newlines): kept as media
  URLs, never as the item's page URL;
- sections may be missing, `{}`, `[]` or `null`; blanks are `""`/`"N/A"`/`"None"`; plain UTF-8, no mojibake repair.
"""

import re
from datetime import UTC, datetime

from netral.core.imports import guarded
from netral.monitoring.ingest.common import (FormatError, Record, RowError, ci_get, clean_text, load_json, row_guard,
                                             stable_id)

FORMAT = "tiktok"
LABEL = "TikTok: ekspor data (JSON)"

MARKERS = ('"ItemFavoriteList"', '"FavoriteVideoList"', '"ShareHistoryList"', '"CommentsList"', '"FansList"',
           '"Profile And Settings"', '"Likes and Favorites"', '"Video Browsing History"', '"RepostList"')
TOP_KEYS = {"activity", "your activity", "video", "post", "comment", "likes and favorites", "profile",
            "profile and settings"}
VIDEO_ID = re.compile(r"/video/(\d+)")


def sniff(head: bytes, name: str) -> bool:
    h = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t")
    if not h.startswith("{"):
        return False
    if name.endswith(("user_data_tiktok.json", "user_data.json")):
        return True
    return any(m in h for m in MARKERS) or ('"VideoList"' in h and '"Date"' in h)


def _child(d, key):
    if not isinstance(d, dict):
        return None
    key = key.lower()
    for k, v in d.items():
        if isinstance(k, str) and k.lower() == key:
            return v
    return None


def _dig(root, *paths):
    """The first list found under any of the dotted paths (a missing, empty or null section gives [])."""
    for path in paths:
        node = root
        for part in path.split("."):
            node = _child(node, part)
            if node is None:
                break
        if isinstance(node, list) and node:
            return node
    return []


def _when(item, where):
    raw = ci_get(item, "Date")
    if raw is None:
        return None, "", None
    raw = str(raw).strip()
    try:
        dt = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None, raw, RowError(where, f"waktu tidak dikenali: {raw[:40]}")
    return dt, raw, None


def _video_id(link):
    m = VIDEO_ID.search(link or "")
    return m.group(1) if m else ""


def _owner(root, account_handle):
    if account_handle:
        return account_handle
    for path in ("Profile And Settings.Profile Info.ProfileMap", "Profile.Profile Information.ProfileMap",
                 "Profile.Profile Info.ProfileMap"):
        node = root
        for part in path.split("."):
            node = _child(node, part)
        name = ci_get(node, "userName", "UserName")
        if name:
            return str(name).strip().lstrip("@").lower()
    return ""


SECTIONS = [  # (kind, section label for messages, paths)
    ("own", "unggahan", ("Post.Posts.VideoList", "Video.Videos.VideoList", "Videos.VideoList")),
    ("deleted", "unggahan terhapus", ("Post.Recently Deleted Posts.PostList",)),
    ("comment", "komentar", ("Comment.Comments.CommentsList", "Comments.CommentsList")),
    ("like", "suka", ("Likes and Favorites.Like List.ItemFavoriteList", "Activity.Like List.ItemFavoriteList",
                      "Your Activity.Like List.ItemFavoriteList")),
    ("favorite", "favorit", ("Likes and Favorites.Favorite Videos.FavoriteVideoList",
                             "Activity.Favorite Videos.FavoriteVideoList",
                             "Your Activity.Favorite Videos.FavoriteVideoList")),
    ("repost", "posting ulang", ("Your Activity.Reposts.RepostList", "Activity.Reposts.RepostList")),
    ("sharehist", "riwayat berbagi", ("Your Activity.Share History.ShareHistoryList",
                                      "Activity.Share History.ShareHistoryList")),
    ("follow", "mengikuti", ("Profile And Settings.Following.Following", "Activity.Following List.Following",
                             "Your Activity.Following.Following", "Profile And Settings.Following List.Following")),
]


def _record(kind, item, where, owner):
    when, raw, err = _when(item, where)
    if err:
        return err
    base = dict(line=where, platform="tiktok", handle=owner, posted_at=when, posted_at_raw=raw[:64],
                time_assumed_utc=when is not None, payload=dict(item))
    if kind in ("own", "deleted"):
        links = [u.strip() for u in str(ci_get(item, "Link", "VideoLink", default="")).split("\n") if u.strip()]
        text = clean_text(ci_get(item, "Title", "Description", default=""))
        is_slides = len(links) > 1 or any("/photo/" in u for u in links)
        if kind == "deleted":
            base["payload"]["_deleted"] = str(ci_get(item, "DateDeleted", default=""))
        if not (text or links or when):
            return RowError(where, "unggahan tanpa waktu, tautan, dan teks")
        # The CDN link changes between exports, so it is not part of the key.
        return Record(external_id=stable_id("tiktok", "post", owner, when, text),
                      interaction="photo" if is_slides and not text else "post", text=text, media_urls=links, **base)
    if kind == "comment":
        text = clean_text(ci_get(item, "Comment", default=""))
        photo = ci_get(item, "photo")
        if not text and not photo:
            return RowError(where, "komentar tanpa teks")
        ref_url = str(ci_get(item, "url", "Link", "VideoLink", default=""))
        return Record(external_id=stable_id("tiktok", "comment", owner, when, text), interaction="comment",
                      text=text, ref_url=ref_url[:1000], media_urls=[photo] if photo else [], **base)
    if kind == "follow":
        user = str(ci_get(item, "UserName", "Username", default="")).strip().lstrip("@")
        if not user:
            return RowError(where, "akun yang diikuti tanpa nama pengguna")
        return Record(external_id=f"follow:{owner}:{user.lower()}", interaction="follow",
                      url=f"https://www.tiktok.com/@{user}", ref_text=user, ref_author=user.lower(), **base)
    link = str(ci_get(item, "Link", "VideoLink", default="")).strip()
    if not link:
        return RowError(where, "tanpa tautan video")
    vid = _video_id(link)
    key = vid or stable_id("tiktok", kind, owner, when, link)
    if kind == "sharehist":
        base["payload"]["_method"] = str(ci_get(item, "Method", default=""))
        key = f"{key}:{raw}"  # the same video can be shared several times, to several apps
    return Record(external_id=f"{kind}:{owner}:{key}", interaction="like" if kind in ("like", "favorite") else "share",
                  url=link[:1000], ref_url=link[:1000], **base)


def parse(data: bytes, account_handle: str = ""):
    account_handle = (account_handle or "").strip().lstrip("@").lower()
    if not data.strip():
        raise FormatError("Berkas kosong.")
    root = load_json(data)
    if not isinstance(root, dict) or not any(isinstance(k, str) and k.lower() in TOP_KEYS for k in root):
        raise FormatError("Bukan ekspor data TikTok (user_data_tiktok.json / user_data.json): bagian seperti "
                          "'Post', 'Video', 'Comment', 'Activity' atau 'Your Activity' tidak ditemukan.")
    owner = guarded(lambda _r: account_handle, _owner, root, account_handle)
    where = 0
    for kind, label, paths in SECTIONS:
        section = guarded(lambda r, label=label: [RowError(0, f"{label}: {r}")], _dig, root, *paths)
        for i, item in enumerate(section, start=1):
            where += 1
            if isinstance(item, RowError):
                yield item
                continue
            if not isinstance(item, dict):
                yield RowError(where, f"{label} ke-{i}: bukan objek")
                continue
            rec = row_guard(where, _record, kind, item, where, owner)
            if isinstance(rec, RowError):
                rec.reason = f"{label} ke-{i}: {rec.reason}"
            yield rec
