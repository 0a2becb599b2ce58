# syntax=docker/dockerfile:1
#
# OpenCity API image.
#   docker build -t opencity .
#   docker run -p 8080:8080 -v opencity-data:/data opencity
# The SQLite database lives in the volume /data; set OPENCITY_DATABASE to a postgres:// URL to
# use PostgreSQL instead.

# Build: cgo is on because mattn/go-sqlite3 is C. Debian 12 in both stages, so the binary
# links against the glibc it runs with.
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=1 GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags='-s -w' -o /out/opencity .

# Run: Debian 12 slim rather than distroless, because the health check needs an HTTP client
# (curl) and a shell to read the port from OPENCITY_ADDR; distroless has neither, and the
# binary has no health-check command of its own. ca-certificates is for TLS to PostgreSQL.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 opencity \
    && useradd --system --uid 10001 --gid opencity --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin opencity \
    && mkdir /data && chown opencity:opencity /data
COPY --from=build /out/opencity /usr/local/bin/opencity

ENV OPENCITY_DATABASE=/data/opencity.db OPENCITY_ADDR=:8080
VOLUME /data
WORKDIR /data
USER opencity:opencity
EXPOSE 8080
# Healthy once the database answers and is migrated (/readyz), on the port OPENCITY_ADDR names.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${OPENCITY_ADDR##*:}/readyz" || exit 1
ENTRYPOINT ["/usr/local/bin/opencity"]
CMD ["serve"]
