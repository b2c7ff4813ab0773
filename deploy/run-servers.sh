#!/usr/bin/env bash
# Start N dashboard processes on consecutive ports (default 3 from 8501), for deploy/nginx.conf.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3}
first_port=${2:-8501}
python3 tasks.py setup
for ((i = 0; i < count; i++)); do
  port=$((first_port + i))
  .venv/bin/python -m streamlit run dashboard/app.py --server.port "$port" --server.address 127.0.0.1 \
    > "server-$port.log" 2>&1 &
  echo "started dashboard on 127.0.0.1:$port (pid $!)"
done
wait
