package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBearerSchemeAndRateLimitResponses(t *testing.T) {
	in := strings.Replace(swagger, `"basePath": "/",`, `"basePath": "/",
  "securityDefinitions": {"bearerAuth": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "A key."}},`, 1)
	in = strings.Replace(in, `"summary": "Get a thing",`, `"summary": "Get a thing",
      "security": [{"bearerAuth": ["admin"]}],`, 1)
	doc := generateDoc(t, in)
	op := at(t, doc, "paths", "/v1/things/{slug}", "get")
	tests := []struct {
		name string
		got  any
		want string
	}{
		{"bearer scheme", at(t, doc, "components", "securitySchemes", "bearerAuth"),
			`{"description":"A key.","scheme":"bearer","type":"http"}`},
		{"requirement without scopes", at(t, op, "security"), `[{"bearerAuth":[]}]`},
		{"scopes kept aside", at(t, op, "x-required-scopes"), `["admin"]`},
		{"429 on /v1", at(t, op, "responses", "429"), `{"$ref":"#/components/responses/TooManyRequests"}`},
		{"429 headers", at(t, doc, "components", "responses", "TooManyRequests", "headers", "Retry-After", "schema"),
			`{"minimum":1,"type":"integer"}`},
		{"429 body", at(t, doc, "components", "responses", "TooManyRequests", "content"),
			`{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.got)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}
