from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_url(value):
    """The URL if it is a plain http(s) link, else "" (render text, not a link).

    Autoescaping stops markup but not `javascript:` or `data:` in an href; URLs stored from
    imports, the API or older data pass through here before becoming a link."""
    value = str(value or "").strip()
    # Browsers drop control characters and whitespace inside a scheme ("java\tscript:").
    if any(ord(ch) < 33 for ch in value):
        return ""
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in ("http", "https") else ""
