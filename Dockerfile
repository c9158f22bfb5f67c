# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY pyproject.toml README.md /src/
COPY bot /src/bot
COPY cogs /src/cogs
COPY optimizer /src/optimizer
COPY storage /src/storage
RUN /opt/venv/bin/pip install '/src[postgres]'

FROM python:3.11-slim AS runtime
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH=/opt/venv/bin:$PATH
RUN useradd --create-home --uid 10001 gw2opt \
    && mkdir -p /app/data && chown gw2opt:gw2opt /app/data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
USER gw2opt
VOLUME ["/app/data"]
# gw2opt run handles SIGTERM: it closes the Discord connection, the database and the worker pool.
STOPSIGNAL SIGTERM
CMD ["gw2opt", "run"]
