"""Social-media account identity: the same account typed two ways must be one account.

`normalise_account(platform, text)` accepts a handle ("@Budi_S"), a profile URL in any of its
usual shapes (with or without scheme, www., m., trailing slash, query string, mobile domains)
and returns (platform, handle, canonical_url). The handle is the identity; the URL is rebuilt
from it so that two spellings of one profile compare equal.
"""

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

PLATFORMS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X (Twitter)"),
    ("tiktok", "TikTok"),
    ("youtube", "YouTube"),
    ("whatsapp", _("Saluran WhatsApp")),
    ("threads", "Threads"),
    ("other", _("Lainnya")),
]
PLATFORM_LABELS = dict(PLATFORMS)

DOMAINS = {
    "facebook.com": "facebook", "fb.com": "facebook", "m.facebook.com": "facebook", "web.facebook.com": "facebook",
    "instagram.com": "instagram", "instagr.am": "instagram",
    "twitter.com": "x", "x.com": "x", "mobile.twitter.com": "x",
    "tiktok.com": "tiktok", "vm.tiktok.com": "tiktok",
    "youtube.com": "youtube", "m.youtube.com": "youtube", "youtu.be": "youtube",
    "whatsapp.com": "whatsapp",
    "threads.net": "threads", "threads.com": "threads",
}
PROFILE_URL = {
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}/",
    "x": "https://x.com/{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "youtube": "https://www.youtube.com/@{}",
    "whatsapp": "https://whatsapp.com/channel/{}",
    "threads": "https://www.threads.net/@{}",
}
HANDLE_RE = re.compile(r"^[\w.\-]{1,100}$", re.UNICODE)
# Path segments that are not a profile name.
NOT_A_HANDLE = {"", "p", "reel", "reels", "stories", "watch", "status", "video", "share", "home.php", "groups",
                "channel" , "c", "user", "i", "intent", "explore", "hashtag", "search"}


class AccountError(ValueError):
    pass


def _platform_from_host(host: str):
    host = host.lower().split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    if host in DOMAINS:
        return DOMAINS[host]
    for domain, platform in DOMAINS.items():
        if host.endswith("." + domain):
            return platform
    return None


def _handle_from_url(platform, parts):
    segments = [s for s in parts.path.split("/") if s]
    query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
    if platform == "facebook" and segments and segments[0] == "profile.php" and query.get("id"):
        return query["id"]
    if platform == "whatsapp" and len(segments) >= 2 and segments[0] == "channel":
        return segments[1]
    if platform == "youtube" and len(segments) >= 2 and segments[0] in ("c", "user", "channel"):
        return segments[1]
    for seg in segments:
        seg = seg.lstrip("@")
        if seg.lower() not in NOT_A_HANDLE:
            return seg
    return ""


def normalise_account(platform: str, text: str):
    """Return (platform, handle, url). Raises AccountError with an Indonesian message."""
    text = (text or "").strip()
    platform = (platform or "").strip().lower()
    if not text:
        raise AccountError("Nama akun atau URL profil wajib diisi.")
    if len(text) > 500:
        raise AccountError("Nama akun atau URL terlalu panjang.")
    looks_like_url = "/" in text or text.lower().startswith(("http:", "https:")) or re.match(r"^[\w.-]+\.(com|net|am|be)\b", text.lower())
    if looks_like_url:
        url = text if "://" in text else "https://" + text
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise AccountError("URL profil harus diawali http:// atau https://.")
        found = _platform_from_host(parts.netloc)
        if found is None and platform in ("", "other"):
            handle = (parts.netloc + parts.path).rstrip("/").lower()
            return "other", handle[:100], url[:500]
        if found is None:
            raise AccountError(f"URL {parts.netloc} bukan alamat {PLATFORM_LABELS.get(platform, platform)}.")
        if platform and platform not in ("other", found):
            raise AccountError(f"URL ini milik {PLATFORM_LABELS[found]}, bukan {PLATFORM_LABELS.get(platform, platform)}.")
        platform = found
        handle = _handle_from_url(platform, parts)
        if not handle:
            raise AccountError("URL ini tidak menunjuk ke sebuah profil (misalnya tautan ke satu unggahan).")
    else:
        if platform not in PLATFORM_LABELS:
            raise AccountError("Pilih platform media sosial.")
        handle = text.lstrip("@")
    handle = handle.strip().lower()
    if not HANDLE_RE.match(handle):
        raise AccountError("Nama akun hanya boleh berisi huruf, angka, titik, garis bawah, atau tanda hubung.")
    template = PROFILE_URL.get(platform)
    url = template.format(handle) if template else text[:500]
    return platform, handle, url
