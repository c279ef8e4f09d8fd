#!/usr/bin/env python3
"""`make audit`: bandit on the code and a dependency audit of the installed distributions, checked
against .ci/security-allowlist.toml (every accepted finding with its reason).

Dependencies: pip-audit first, with PyPI's per-version JSON API, then OSV, then ecosyste.ms advisories.
When none of them can check a single package from this machine (docs/security.md: the per-version
API answers 404 here, the others do not resolve), the fallback asks PyPI's project JSON
(https://pypi.org/pypi/<name>/json), which carries the `vulnerabilities` of the project's LATEST
release only: a distribution installed at that latest version is checked for real; one installed at
another version is reported as not verifiable, by name.

What fails (exit 1): a bandit finding or a known vulnerability that is not in the allow-list, always.
Packages that could not be checked (network unreachable, not the latest version) are reported loudly
and do not fail, unless AUDIT_STRICT=1: a network outage is not a vulnerability, but a CI that must
prove every dependency checked sets it.
"""

import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOW = tomllib.loads((ROOT / ".ci" / "security-allowlist.toml").read_text(encoding="utf-8"))
EXCLUDE = "*/tests/*,netral/conftest.py,netral/test.py,netral/browser.py"


def run_bandit() -> bool:
    p = subprocess.run([sys.executable, "-m", "bandit", "-r", "netral", "-x", EXCLUDE, "-f", "json", "-q"],
                       cwd=ROOT, capture_output=True, text=True)
    try:
        results = json.loads(p.stdout)["results"]
    except (ValueError, KeyError):
        print("bandit: GAGAL dijalankan\n" + p.stdout[-2000:] + p.stderr[-2000:])
        return False
    allowed = {(e["test"], e["file"]) for e in ALLOW.get("bandit", [])}
    used, bad = set(), []
    for r in results:
        key = (r["test_id"], os.path.relpath(r["filename"], ROOT))
        if key in allowed:
            used.add(key)
        else:
            bad.append(f"  {key[1]}:{r['line_number']} {r['test_id']} ({r['issue_severity']}) {r['issue_text']}")
    for key in sorted(allowed - used):
        print(f"bandit: entri allow-list usang (tidak ada temuan lagi): {key[0]} {key[1]}")
    if bad:
        print(f"bandit: {len(bad)} temuan tidak ada di .ci/security-allowlist.toml:")
        print("\n".join(bad))
        return False
    print(f"bandit: bersih ({len(results)} temuan, semuanya diterima dengan alasan di allow-list)")
    return True


def strict() -> bool:
    return os.environ.get("AUDIT_STRICT", "") in ("1", "true")


def allowed_ids() -> set:
    return {e["id"] for e in ALLOW.get("pip_audit", [])}


def run_pip_audit():
    """True/False when a pip-audit service checked at least one package; None when none could (the list of why is
    printed), so the caller falls back to the project JSON."""
    allowed = allowed_ids()
    problems = []
    for service in ("pypi", "osv", "esms"):
        p = subprocess.run([sys.executable, "-m", "pip_audit", "-s", service, "-f", "json", "--skip-editable",
                            "--progress-spinner", "off", "--timeout", "30"], cwd=ROOT, capture_output=True, text=True)
        try:
            deps = json.loads(p.stdout)["dependencies"]
        except (ValueError, KeyError):
            problems.append(f"{service}: tidak terjangkau ({(p.stderr.strip().splitlines() or ['?'])[-1][:200]})")
            continue
        audited = [d for d in deps if "skip_reason" not in d]
        if not audited:
            problems.append(f"{service}: menjawab, tetapi tidak satu pun dari {len(deps)} paket dapat diperiksa")
            continue
        vulns = [(d["name"], d["version"], v["id"], v.get("aliases", []), v.get("fix_versions", []))
                 for d in audited for v in d.get("vulns", [])]
        bad = [v for v in vulns if v[2] not in allowed and not allowed.intersection(v[3])]
        if bad:
            print(f"pip-audit ({service}): {len(bad)} kerentanan tidak ada di allow-list:")
            for name, version, vid, aliases, fixes in bad:
                print(f"  {name} {version}: {vid} {' '.join(aliases)} (perbaikan: {', '.join(fixes) or '-'})")
            return False
        print(f"pip-audit ({service}): {len(audited)} paket diperiksa, {len(vulns)} kerentanan "
              f"({len(vulns) - len(bad)} diterima di allow-list), {len(deps) - len(audited)} dilewati")
        return True
    print("pip-audit tidak dapat memeriksa satu paket pun dari mesin ini:")
    for line in problems:
        print("  " + line)
    return None


# --- Fallback: PyPI's project JSON -------------------------------------------------------------------------------


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict:
    """{canonical name: version} of the installed distributions, without the project itself and other editable
    installs, as pip-audit --skip-editable."""
    own = canonical(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"])
    found = {}
    for dist in metadata.distributions():
        direct = dist.read_text("direct_url.json")
        if canonical(dist.metadata["Name"]) == own or (
                direct and json.loads(direct).get("dir_info", {}).get("editable")):
            continue
        found[canonical(dist.metadata["Name"])] = dist.version
    return found


def fetch_project(name: str):
    """PyPI's project JSON for `name`, or the reason it could not be had (a str)."""
    url = f"https://pypi.org/pypi/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=20) as r:  # nosec B310 - a constant https URL
            return json.load(r)
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}"
    except (urllib.error.URLError, OSError, ValueError) as e:
        return str(getattr(e, "reason", e))[:120]


def assess(packages: dict, answers: dict, allowed: set) -> dict:
    """The decision, without the network: `packages` {name: installed version}, `answers` {name: project JSON or
    the reason it is missing}. Returns lists: verified (names), vulnerable and accepted ((name, version, id,
    aliases, fixed_in)), not_latest ((name, installed, latest)), unreachable ((name, reason))."""
    from packaging.version import InvalidVersion, Version

    out = {"verified": [], "vulnerable": [], "accepted": [], "not_latest": [], "unreachable": []}
    for name, version in sorted(packages.items()):
        doc = answers.get(name, "no answer")
        if not isinstance(doc, dict):
            out["unreachable"].append((name, doc))
            continue
        latest = str((doc.get("info") or {}).get("version") or "")
        try:
            same = Version(version) == Version(latest)
        except InvalidVersion:
            same = version == latest
        if not same:
            out["not_latest"].append((name, version, latest or "?"))
            continue
        out["verified"].append(name)
        seen = set()  # PyPI lists one advisory under each of its ids (PYSEC-..., GHSA-...): report it once
        for v in doc.get("vulnerabilities") or []:
            if v.get("withdrawn") or v.get("id") in seen:
                continue
            seen.update([v.get("id"), *(v.get("aliases") or [])])
            item = (name, version, v.get("id", "?"), list(v.get("aliases") or []), list(v.get("fixed_in") or []))
            ok = item[2] in allowed or allowed.intersection(item[3])
            out["accepted" if ok else "vulnerable"].append(item)
    return out


def report(result: dict, total: int, strict_mode: bool) -> bool:
    """Print the outcome; True when CI may pass."""
    print(f"Audit dependensi lewat JSON proyek PyPI: {total} paket; {len(result['verified'])} terperiksa (terpasang "
          f"versi terbaru), {len(result['not_latest'])} tidak dapat diperiksa (bukan versi terbaru), "
          f"{len(result['unreachable'])} tanpa jawaban.")
    for name, version, vid, aliases, fixed in result["accepted"]:
        print(f"  diterima (allow-list): {name} {version}: {vid} {' '.join(aliases)}")
    if result["not_latest"]:
        print("  Tidak dapat diperiksa (PyPI hanya memberi kerentanan versi terbaru): " + ", ".join(
            f"{n} {v} (terbaru {latest})" for n, v, latest in result["not_latest"]))
    if result["unreachable"]:
        print("  Tanpa jawaban: " + ", ".join(f"{n} ({why})" for n, why in result["unreachable"][:10])
              + (f" dan {len(result['unreachable']) - 10} lainnya" if len(result["unreachable"]) > 10 else ""))
    if result["vulnerable"]:
        print(f"GAGAL: {len(result['vulnerable'])} kerentanan tidak ada di .ci/security-allowlist.toml:")
        for name, version, vid, aliases, fixed in result["vulnerable"]:
            print(f"  {name} {version}: {vid} {' '.join(aliases)} (perbaikan: {', '.join(fixed) or 'belum ada'})")
        return False
    if not result["verified"]:
        print("PERINGATAN: tidak satu paket pun dapat diperiksa (jaringan?); dependensi BELUM diperiksa.")
        return not strict_mode
    if result["not_latest"] or result["unreachable"]:
        print("PERINGATAN: sebagian dependensi belum diperiksa (lihat di atas); jalankan `AUDIT_STRICT=1 make audit` "
              "dari mesin yang dapat menghubungi api.osv.dev sebelum rilis.")
        return not strict_mode
    return True


def run_project_json_audit() -> bool:
    packages = installed()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = dict(zip(packages, pool.map(fetch_project, packages)))
    return report(assess(packages, answers, allowed_ids()), len(packages), strict())


def run_dependency_audit() -> bool:
    ok = run_pip_audit()
    if ok is not None:
        return ok
    return run_project_json_audit()


def main() -> int:
    ok = run_bandit()
    ok = run_dependency_audit() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
