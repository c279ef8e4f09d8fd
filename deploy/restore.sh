#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and media folder.
#   deploy/restore.sh BACKUP_DIR STAMP
# DATABASE_URL names the (existing, empty) target database; MEDIA_ROOT and VAR_DIR the target folders.
# Afterwards run `manage.py verify_audit` and `manage.py verify_evidence` (docs/deployment.md).
set -euo pipefail
src=${1:?usage: restore.sh BACKUP_DIR STAMP}
stamp=${2:?usage: restore.sh BACKUP_DIR STAMP}
: "${DATABASE_URL:?DATABASE_URL is not set}"
tables=$(psql "$DATABASE_URL" -Atc "select count(*) from pg_tables where schemaname='public'")
if [ "$tables" != "0" ]; then
  echo "The target database is not empty ($tables tables): restore into an empty database." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$src/netral-$stamp.dump"
if [ -f "$src/netral-media-$stamp.tar.gz" ]; then
  mkdir -p "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
  tar -C "$MEDIA_ROOT" -xzf "$src/netral-media-$stamp.tar.gz"
fi
if [ -f "$src/netral-keys-$stamp.tar.gz" ]; then
  mkdir -p "${VAR_DIR:?VAR_DIR is not set}"
  (umask 077; tar -C "$VAR_DIR" -xzf "$src/netral-keys-$stamp.tar.gz")
fi
echo "restored $stamp"
