#!/usr/bin/env bash
# Restore drill (run by .ci/run): a populated PostgreSQL database is backed up with deploy/backup.sh,
# restored with deploy/restore.sh into an empty database and folder, and the restored copy must pass
# verify_audit and verify_evidence. Then one row of the copy is changed behind the app's back, and
# verify_evidence must catch it: the drill proves the checks check.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PG=${PG_URL:-postgres://postgres@127.0.0.1:5432}
work=$(mktemp -d)
trap 'rm -rf "$work"; psql "$PG/postgres" -qc "drop database if exists netral_drill_src" -c "drop database if exists netral_drill_dst" >/dev/null 2>&1 || true' EXIT

psql "$PG/postgres" -qc "drop database if exists netral_drill_src" -c "drop database if exists netral_drill_dst" \
  -c "create database netral_drill_src" -c "create database netral_drill_dst"

export VAR_DIR="$work/var" MEDIA_ROOT="$work/media" TASKS_BACKEND=immediate AUDIT_HEAD_DIR="$work/heads"
echo "== drill: populate the source database"
export DATABASE_URL="$PG/netral_drill_src"
$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo -v0 >/dev/null
$PY manage.py export_audit_head   # the scheduler does this hourly; the head lives off the server
$PY manage.py verify_audit
$PY manage.py verify_evidence

echo "== drill: back up, restore into an empty database and folder"
stamp=$(deploy/backup.sh "$work/backup")
export DATABASE_URL="$PG/netral_drill_dst" MEDIA_ROOT="$work/media-restored" VAR_DIR="$work/var-restored"
deploy/restore.sh "$work/backup" "$stamp"
export AUDIT_HEAD_DIR="$work/heads"  # the exported heads live off the server, like in production

echo "== drill: the restored copy verifies"
$PY manage.py verify_audit
$PY manage.py verify_evidence

echo "== drill: a change behind the app's back is caught"
psql "$DATABASE_URL" -qc "update monitoring_contentitem set text = text || ' (diubah)' where id = (select min(id) from monitoring_contentitem)"
if $PY manage.py verify_evidence >/dev/null 2>&1; then
  echo "FAIL: verify_evidence passed on a tampered copy" >&2
  exit 1
fi
echo "restore drill passed"
