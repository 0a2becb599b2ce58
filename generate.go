package main

// `go generate ./...` at the repository root regenerates the OpenAPI document: swag reads the
// annotations in package api and the types they name and writes docs/swagger.{json,yaml}
// (Swagger 2.0); openapigen converts that to OpenAPI 3.0 and writes openapi.yaml,
// docs/openapi.{yaml,json} and docs/openapi.go. CI fails when the committed files differ.

//go:generate go tool swag init --quiet --parseInternal --requiredByDefault --generalInfo api/api.go --dir ./ --exclude ./internal/tools,./internal/store,./internal/seed --output docs --outputTypes json,yaml
//go:generate go run ./internal/tools/openapigen
