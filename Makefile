# Everyday commands. CI runs .ci/run, which `make check` runs too.

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
REDOCLY     := @redocly/cli@2.77.0
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

.PHONY: all build spec lint test vet check

all: spec build

## build: the binary ./opencity, as the Docker image builds it (cgo for SQLite)
build:
	CGO_ENABLED=1 go build -trimpath -ldflags='-s -w' -o opencity .

## spec: regenerate openapi.yaml and docs/ from the swag annotations
spec:
	go generate ./...

## lint: regenerate the spec and lint it with Redocly CLI
lint: spec
	npx --yes $(REDOCLY) lint openapi.yaml

## vet: gofmt, go vet and staticcheck
vet:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'run gofmt -w'; exit 1; }
	go vet ./...
	go run $(STATICCHECK) ./...

## test: every test with -race, on SQLite and (where it answers at POSTGRES_URL) PostgreSQL
test:
	OPENCITY_TEST_POSTGRES_URL='$(POSTGRES_URL)' go test -race -count=1 ./...

## check: everything CI checks (.ci/run)
check:
	.ci/run
