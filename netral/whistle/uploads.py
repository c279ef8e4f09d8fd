"""Evidence files from the public form: the type is read from the bytes, never the name.

Accepted: JPEG, PNG, GIF, WebP (re-encoded without metadata), PDF, MP4/MOV/3GP and WebM/MKV.
Everything else (HTML, SVG, scripts, archives, office files) is refused with a message.
"""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
              "application/pdf": "pdf", "video/mp4": "mp4", "video/quicktime": "mov", "video/3gpp": "3gp",
              "video/webm": "webm"}


class UploadError(ValueError):
    pass


def sniff(head: bytes):
    """The MIME type of the first bytes of a file, or None if it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "video/quicktime"
        if brand.startswith(b"3g"):
            return "video/3gpp"
        if brand in (b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash",
                     b"mmp4", b"MSNV"):
            return "video/mp4"
        return None
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    return None


@dataclass
class Evidence:
    name: str
    mime: str
    data: bytes
    original: bytes | None = None  # kept only when the reporter asked

    def info(self, data):
        return {"name": self.name, "mime": self.mime, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def safe_name(name, mime):
    """A display name: the reporter's base name without path parts, with the true extension."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in " -_")[:80].strip() or "bukti"
    return f"{stem}.{EXTENSIONS[mime]}"


def strip_image(data: bytes, mime: str) -> bytes:
    """Re-encode an image without EXIF (GPS, device), XMP, comments or ICC data, turned upright."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.format != IMAGE_TYPES[mime]:
                raise UploadError(_("Isi gambar tidak sesuai jenisnya."))
            frames = getattr(im, "n_frames", 1)
            out = io.BytesIO()
            if frames > 1:
                im.info = {}
                im.save(out, format=im.format, save_all=True)
            else:
                clean = ImageOps.exif_transpose(im)
                clean.load()
                clean.info = {}
                fmt = IMAGE_TYPES[mime]
                if fmt == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
                    clean = clean.convert("RGB")
                kwargs = {"quality": 92} if fmt in ("JPEG", "WEBP") else {}
                clean.save(out, format=fmt, **kwargs)
            return out.getvalue()
    except UploadError:
        raise
    except Exception as exc:  # truncated, corrupt, a decompression bomb: all refused the same way
        raise UploadError(_("Gambar rusak atau tidak dapat dibaca.")) from exc


def read_evidence(uploaded, *, keep_original=False, max_bytes) -> Evidence:
    """Check one uploaded file and return what to store. Raises UploadError with an Indonesian message."""
    name = getattr(uploaded, "name", "") or ""
    size = getattr(uploaded, "size", None) or 0
    if size == 0:
        raise UploadError(_("Berkas %(name)s kosong.") % {"name": name[:80]})
    if size > max_bytes:
        raise UploadError(_("Berkas %(name)s terlalu besar; batasnya %(max)s MB per berkas.")
                          % {"name": name[:80], "max": round(max_bytes / 1048576, 1)})
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadError(_("Berkas %(name)s terlalu besar; batasnya %(max)s MB per berkas.")
                          % {"name": name[:80], "max": round(max_bytes / 1048576, 1)})
    return evidence_from_bytes(name, data, keep_original=keep_original)


def evidence_from_bytes(name, data: bytes, *, keep_original=False) -> Evidence:
    if not data:
        raise UploadError(_("Berkas %(name)s kosong.") % {"name": (name or "")[:80]})
    mime = sniff(data[:16])
    if mime is None:
        raise UploadError(_("Berkas %(name)s bukan gambar (JPEG, PNG, GIF, WebP), PDF atau video (MP4, MOV, 3GP, "
                            "WebM). Jenis berkas dibaca dari isinya, bukan dari namanya.") % {"name": (name or "")[:80]})
    if mime in IMAGE_TYPES:
        cleaned = strip_image(data, mime)
        return Evidence(safe_name(name, mime), mime, cleaned, original=data if keep_original else None)
    if mime == "application/pdf":
        from netral.core.uploads import PDF_ACTIVE

        if PDF_ACTIVE.search(data):  # the rule of every upload field: the team would open it
            raise UploadError(_("PDF ini berisi JavaScript atau tindakan otomatis; tidak diterima. Cetak ulang ke PDF "
                                "biasa."))
    return Evidence(safe_name(name, mime), mime, data)


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Upload handler for the reporting pages: evidence stays in memory, never in a temporary
    file in clear on disk. Storing stops at the per-file and total limits; the file still
    reports its real size, so the form refuses it with the usual message. One instance serves
    every file of a request."""

    def __init__(self, request=None):
        super().__init__(request)
        self.total = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()
        self.stored = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        room = min(settings.WHISTLE_MAX_FILE_SIZE + 1 - self.stored, settings.WHISTLE_MAX_TOTAL_SIZE + 1 - self.total)
        if room > 0:
            part = raw_data[:room]
            self.file.write(part)
            self.stored += len(part)
            self.total += len(part)
        return None

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(file=self.file, field_name=self.field_name, name=self.file_name,
                                    content_type=self.content_type, size=file_size, charset=self.charset,
                                    content_type_extra=self.content_type_extra)
