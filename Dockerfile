# Production image: `replywatch run` (scheduler, watchers, dashboard) or `replywatch worker`.
# Uses Debian's Chromium so no browser download happens at build or run time.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REPLYWATCH_CHROMIUM=/usr/bin/chromium \
    REPLYWATCH_CONFIG=/config/replywatch.yaml

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-noto-core ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY probes ./probes
COPY migrations ./migrations
COPY config ./config
RUN pip install .

RUN useradd --create-home --uid 10001 replywatch \
 && mkdir -p /data /config && chown replywatch:replywatch /data /config
USER replywatch
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import httpx,sys; sys.exit(0 if httpx.get('http://127.0.0.1:8080/healthz', timeout=4).status_code == 200 else 1)"

ENTRYPOINT ["tini", "--", "replywatch"]
CMD ["run"]
