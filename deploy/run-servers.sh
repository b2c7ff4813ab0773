#!/usr/bin/env bash
# Start N dashboard processes and nginx in front of them (deploy/nginx.conf); stop all on Ctrl-C or SIGTERM.
#
#   deploy/run-servers.sh [--count N] [--first-port P | --ports P1,P2,...] [--listen PORT] [--prefix DIR]
#
# Defaults: 2 processes on 8501, 8502; nginx on 8080; prefix .deploy/ in the repository. The prefix holds
# the rendered nginx.conf, nginx's pid, logs/ (access.log, error.log, dashboard-<port>.log) and temp/, so
# no root is needed (listening on port 80 needs root or CAP_NET_BIND_SERVICE). Each process serves on
# 127.0.0.1 only. Environment: PYTHON (default .venv/bin/python, set up by tasks.py), NGINX (default
# nginx or /usr/sbin/nginx), INCIDENTS_FILE (passed to the dashboard).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

count=2
first_port=8501
ports=""
listen=8080
prefix="$root/.deploy"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --first-port) first_port=$2; shift 2 ;;
    --ports) ports=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run-servers.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$ports" ]; then
  ports=$(seq -s, "$first_port" $((first_port + count - 1)))
fi
IFS=, read -r -a port_list <<< "$ports"

if [ -z "${PYTHON:-}" ]; then
  python3 "$root/tasks.py" setup
  PYTHON="$root/.venv/bin/python"
fi
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || { echo "run-servers.sh: nginx not found (apt-get install nginx)" >&2; exit 1; }

mkdir -p "$prefix"/logs "$prefix"/temp
prefix=$(cd "$prefix" && pwd)

children=()
stop_all() {
  trap - INT TERM EXIT
  [ ${#children[@]} -gt 0 ] && kill "${children[@]}" 2>/dev/null || true
  wait || true
}
trap stop_all INT TERM EXIT

# One secret for all processes, so a cookie signed by one (the XSRF token of an upload) is valid on all.
STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PYTHON" -c "import secrets; print(secrets.token_hex(32))")}
export STREAMLIT_SERVER_COOKIE_SECRET
upstreams=""
for port in "${port_list[@]}"; do
  "$PYTHON" -m streamlit run "$root/dashboard/app.py" \
    --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --browser.gatherUsageStats false \
    > "$prefix/logs/dashboard-$port.log" 2>&1 &
  children+=($!)
  echo $! > "$prefix/dashboard-$port.pid"
  echo "dashboard on 127.0.0.1:$port (pid $!, log $prefix/logs/dashboard-$port.log)"
  upstreams+="server 127.0.0.1:$port;"$'\n        '
done

streamlit_static=$("$PYTHON" -c "import pathlib, streamlit; print(pathlib.Path(streamlit.__file__).parent / 'static')")
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null &&
  ! runuser -u nobody -- test -r "$streamlit_static/index.html" -a -r "$root/dashboard/static" 2>/dev/null; then
  echo "run-servers.sh: nginx's workers (user nobody) cannot read the static files; the processes will serve them" >&2
fi
sed -e "s|@LISTEN@|$listen|" \
  -e "s|@STREAMLIT_STATIC@|$streamlit_static|" \
  -e "s|@APP_STATIC@|$root/dashboard/static|" \
  "$root/deploy/nginx.conf" | awk -v upstreams="$upstreams" '{ sub(/@UPSTREAMS@/, upstreams); print }' \
  > "$prefix/nginx.conf"
"$NGINX" -t -q -p "$prefix" -c "$prefix/nginx.conf"
"$NGINX" -p "$prefix" -c "$prefix/nginx.conf" -g "daemon off;" &
children+=($!)
echo "nginx on port $listen (pid $!, config $prefix/nginx.conf)"

# Stop everything when any process ends, so a failure is never half-running.
wait -n
echo "run-servers.sh: a process ended; stopping the others" >&2
exit 1
