"""OCR of screenshots and posters with the tesseract command line (tesseract-ocr + tesseract-ocr-ind).

When tesseract is missing, items are marked "OCR tidak tersedia" and everything else works.
"""

import functools
import shutil
import subprocess

TIMEOUT = 60


def tesseract_path():
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=1)
def languages():
    path = tesseract_path()
    if not path:
        return ()
    try:
        out = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in (out.stdout + out.stderr).splitlines()[1:] if line.strip())


def available():
    return bool(tesseract_path()) and bool(languages())


def lang_arg():
    langs = languages()
    chosen = [lang for lang in ("ind", "eng") if lang in langs]
    return "+".join(chosen) or (langs[0] if langs else "eng")


def read_image(path):
    """(status, text): status is "done", "unavailable" or "failed"."""
    exe = tesseract_path()
    if not exe or not languages():
        return "unavailable", ""
    try:
        out = subprocess.run([exe, str(path), "stdout", "-l", lang_arg(), "--psm", "3"], capture_output=True,
                             timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return "failed", ""
    if out.returncode != 0:
        return "failed", ""
    text = out.stdout.decode("utf-8", "replace")
    return "done", "\n".join(line.rstrip() for line in text.splitlines() if line.strip())
