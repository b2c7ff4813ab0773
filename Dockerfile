# The dashboard as one server process, without the test and lint tools.
# Build: docker build -t red-sea-dashboard .
# Run:   docker run -p 8501:8501 red-sea-dashboard   (docs/deploy.md: several processes behind nginx)

# Stage 1: install the runtime requirements (requirements-runtime.txt only) into a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements-runtime.txt /tmp/requirements-runtime.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements-runtime.txt

# Stage 2: the runtime image: that environment, the dashboard's code, its settings and the data; no tests,
# benchmarks, scripts or pip cache. The code is run from /app (paths are found from the code's location).
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH PYTHONPATH=/app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY .streamlit ./.streamlit
COPY dashboard ./dashboard
COPY data ./data
# Files stay owned by root (read-only for the server); the server runs as an unprivileged user.
RUN useradd --create-home --uid 10001 dashboard
USER dashboard

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
# Listen on all interfaces inside the container; the reverse proxy is the public face.
CMD ["python", "-m", "streamlit", "run", "dashboard/app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
