#!/usr/bin/env bash
# Throughput of the main public pages under gunicorn, measured with wrk on loopback only.
# Usage: make bench   (needs wrk: apt-get install wrk). Bounded: DURATION seconds per page.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-8765}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
WORKDIR=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORKDIR"' EXIT

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="benchmark-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0
export DATABASE_URL=${DATABASE_URL:-sqlite:///$WORKDIR/bench.sqlite3}

.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_report >/dev/null
.venv/bin/python manage.py collectstatic --no-input -v0

.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
SERVER=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.2; done

printf '%-45s %12s %12s\n' "page" "requests/s" "p99 latency"
for path in / /gemeenten/ /gemeenten/heerlen/ /investeringen/ "/investeringen/?thema=training&status=gedaan" \
    /interventies/compaan/ /vergelijken/ "/zoeken/?q=compaan" "/zoeken/?q=deskundigheidsbevordering" \
    "/zoeken/?q=netwerkaanpak" "/zoeken/?q=compan" "/zoeken/?q=compaan&soort=investeringen&gemeente=delft" \
    /open-data/investeringen.json; do
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-45s %12s %12s\n' "$path" "$rps" "$p99"
done
