#!/usr/bin/env bash
# Back up a Netral deployment: the database (pg_dump custom format) and the uploaded files.
#   deploy/backup.sh DEST_DIR
# Reads DATABASE_URL, MEDIA_ROOT and VAR_DIR from the environment (e.g. `set -a; . /etc/netral/netral.env`).
# The keys in VAR_DIR (session, audit and report keys) are written to a separate archive: keep it apart
# from the database dump (another medium, other people), or the encryption at rest protects nothing.
set -euo pipefail
dest=${1:?usage: backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL is not set}"
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file "$dest/netral-$stamp.dump" "$DATABASE_URL"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$dest/netral-media-$stamp.tar.gz" .
fi
if [ -n "${VAR_DIR:-}" ] && [ -d "$VAR_DIR" ]; then
  (umask 077; tar -C "$VAR_DIR" -czf "$dest/netral-keys-$stamp.tar.gz" .)
fi
echo "$stamp"
