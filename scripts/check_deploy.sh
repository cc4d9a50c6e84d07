#!/usr/bin/env bash
# Checks the files in deploy/ with the real tools where this machine has them:
#   systemd   systemd-analyze verify on the units (paths pointed at this checkout)
#   nginx     nginx -t on deploy/nginx/kinerja.conf with a throwaway certificate
#   compose   docker compose config on deploy/compose.yaml with deploy/env.example
# Usage: scripts/check_deploy.sh [systemd|nginx|compose]...   (no argument: all three)
# Exit 0: all checked passed; 1: a check failed; 77: every check asked for was skipped.
# A skipped check prints "DILEWATI: <reason>". tests/core/test_deploy.py runs each one.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
VENV_BIN="$(dirname "$PYTHON")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ran=0 failed=0

check_systemd() {
  if ! command -v systemd-analyze >/dev/null; then
    echo "DILEWATI systemd: systemd-analyze tidak ada di mesin ini"; return 77
  fi
  mkdir -p "$WORK/units"
  for unit in "$ROOT"/deploy/systemd/*; do
    sed -e "s#/srv/kinerja/.venv/bin/#$VENV_BIN/#g" -e "s#/srv/kinerja#$ROOT#g" \
      "$unit" > "$WORK/units/$(basename "$unit")"
  done
  # systemd-analyze exits 0 on unknown keys or bad values (it only warns): any output fails.
  out="$(cd "$WORK/units" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no ./*.service ./*.timer 2>&1)"
  rc=$?
  if [ $rc -ne 0 ] || [ -n "$out" ]; then
    echo "GAGAL systemd: systemd-analyze verify"; echo "$out"; return 1
  fi
  echo "OK systemd: $(ls "$ROOT"/deploy/systemd | tr '\n' ' ')"
}

find_nginx() {
  if command -v nginx >/dev/null; then command -v nginx
  elif [ -x "$ROOT/var/tools/nginx/usr/sbin/nginx" ]; then echo "$ROOT/var/tools/nginx/usr/sbin/nginx"
  fi
}

check_nginx() {
  nginx="$(find_nginx)"
  if [ -z "$nginx" ]; then
    echo "DILEWATI nginx: nginx tidak ada (make deploytools mengambilnya dari paket Debian)"; return 77
  fi
  if ! command -v openssl >/dev/null; then
    echo "DILEWATI nginx: openssl tidak ada untuk sertifikat uji"; return 77
  fi
  d="$WORK/nginx"; mkdir -p "$d/static" "$d/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=kinerja.test \
    -keyout "$d/privkey.pem" -out "$d/fullchain.pem" >/dev/null 2>&1
  sed -e "s#/etc/ssl/kinerja/#$d/#g" -e "s#/srv/kinerja/var/static/#$d/static/#g" \
    "$ROOT/deploy/nginx/kinerja.conf" > "$d/site.conf"
  cat > "$d/nginx.conf" <<CONF
pid $d/nginx.pid;
error_log stderr;
events {}
http {
  access_log off;
  client_body_temp_path $d/tmp;
  proxy_temp_path $d/tmp;
  fastcgi_temp_path $d/tmp;
  uwsgi_temp_path $d/tmp;
  scgi_temp_path $d/tmp;
  include $d/site.conf;
}
CONF
  if ! out="$("$nginx" -t -e stderr -p "$d" -c "$d/nginx.conf" 2>&1)"; then
    echo "GAGAL nginx: nginx -t"; echo "$out"; return 1
  fi
  if grep -q "\[warn\]\|\[emerg\]" <<<"$out"; then
    echo "GAGAL nginx: nginx -t memberi peringatan"; echo "$out"; return 1
  fi
  echo "OK nginx: $("$nginx" -v 2>&1 | sed 's/.*: //') menerima deploy/nginx/kinerja.conf"
}

check_compose() {
  if ! docker compose version >/dev/null 2>&1; then
    echo "DILEWATI compose: 'docker compose' tidak ada di mesin ini"; return 77
  fi
  cp "$ROOT/deploy/env.example" "$WORK/env"
  sed -i 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=periksa/' "$WORK/env"
  if ! out="$(docker compose -f "$ROOT/deploy/compose.yaml" --env-file "$WORK/env" config -q 2>&1)"; then
    echo "GAGAL compose: docker compose config"; echo "$out"; return 1
  fi
  echo "OK compose: docker compose config menerima deploy/compose.yaml"
}

[ $# -gt 0 ] || set -- systemd nginx compose
for name in "$@"; do
  case "$name" in
    systemd|nginx|compose) ;;
    *) echo "pemeriksaan tidak dikenal: $name (systemd, nginx, compose)"; exit 2 ;;
  esac
  "check_$name"; rc=$?
  if [ $rc -eq 0 ]; then ran=$((ran + 1)); elif [ $rc -ne 77 ]; then failed=1; fi
done
[ $failed -eq 0 ] || exit 1
[ $ran -gt 0 ] || exit 77
exit 0
