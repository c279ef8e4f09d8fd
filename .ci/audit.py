#!/usr/bin/env python3
"""`make audit`: bandit on the code and pip-audit on the installed dependencies, checked against
.ci/security-allowlist.toml (every accepted finding with its reason).

Exit 1 on a finding that is not allowed. pip-audit needs a vulnerability service (PyPI's per-version
JSON API, OSV, or ecosyste.ms advisories), tried in that order; when none answers from this machine,
that is said loudly and the step does not fail CI (set AUDIT_STRICT=1 to fail instead): a network
outage is not a vulnerability. docs/security.md says what each service answers from the build
machines used so far.
"""

import json
import os
import subprocess
import sys
import tomllib
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


def run_pip_audit() -> bool:
    allowed = {e["id"] for e in ALLOW.get("pip_audit", [])}
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
    print("PERINGATAN: pip-audit TIDAK DAPAT DIJALANKAN dari mesin ini; dependensi belum diperiksa.")
    for line in problems:
        print("  " + line)
    print("  Jalankan `make audit` dari mesin yang dapat menghubungi pypi.org, api.osv.dev atau "
          "advisories.ecosyste.ms.")
    return os.environ.get("AUDIT_STRICT", "") not in ("1", "true")


def main() -> int:
    ok = run_bandit()
    ok = run_pip_audit() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
