# One dashboard server process. Build: docker build -t red-sea-dashboard .
# Run: docker run -p 8501:8501 red-sea-dashboard   (see docs/deploy.md for several processes behind nginx)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt pyproject.toml ./
COPY dashboard ./dashboard
RUN pip install -r requirements.txt && pip install --no-deps -e .
COPY .streamlit ./.streamlit
COPY data ./data
RUN useradd --create-home --uid 10001 dashboard && chown -R dashboard /app
USER dashboard

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
# Listen on all interfaces inside the container; the reverse proxy is the public face.
CMD ["python", "-m", "streamlit", "run", "dashboard/app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
