package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// swagger is a small document shaped like swag's output.
const swagger = `{
  "swagger": "2.0",
  "info": {"title": "T", "version": "1.0", "license": {"name": "L"}},
  "basePath": "/",
  "paths": {
    "/v1/things/{slug}": {"get": {
      "produces": ["application/json"],
      "summary": "Get a thing",
      "parameters": [{"name": "slug", "in": "path", "required": true, "type": "string", "example": "leipzig"}],
      "responses": {
        "200": {"description": "OK", "schema": {"$ref": "#/definitions/opencity.Thing"}},
        "404": {"description": "Not Found", "schema": {"$ref": "#/definitions/api.Problem"}},
        "503": {"description": "Service Unavailable", "schema": {"$ref": "#/definitions/api.Problem"}}
      }
    }}
  },
  "definitions": {
    "api.Problem": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}},
    "opencity.Part": {"type": "object", "required": ["slug"], "properties": {"slug": {"type": "string", "example": "a"}}},
    "opencity.Thing": {
      "type": "object",
      "required": ["bare", "described", "name", "part"],
      "properties": {
        "bare": {"$ref": "#/definitions/opencity.Part", "x-nullable": true},
        "described": {"allOf": [{"$ref": "#/definitions/opencity.Part"}], "description": "May be null.", "x-nullable": true},
        "name": {"type": "string", "x-nullable": true},
        "part": {"$ref": "#/definitions/opencity.Part"}
      }
    }
  }
}`

var source = goSource{
	typeDocs: map[string]string{"opencity.Thing": "Thing is a thing."},
	handlers: map[string]string{"get /v1/things/{slug}": "getThing"},
}

func generateDoc(t *testing.T, in string) map[string]any {
	t.Helper()
	out, err := generate(context.Background(), []byte(in), source)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at follows a path of object keys and array indexes through decoded JSON.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch p := p.(type) {
		case string:
			v = v.(map[string]any)[p]
		case int:
			v = v.([]any)[p]
		}
		if v == nil {
			t.Fatalf("nothing at %v", path)
		}
	}
	return v
}

func TestGenerate(t *testing.T) {
	doc := generateDoc(t, swagger)
	thing := at(t, doc, "components", "schemas", "Thing")
	op := at(t, doc, "paths", "/v1/things/{slug}", "get")
	tests := []struct {
		name string
		got  any
		want string
	}{
		{"version", doc["openapi"], `"3.0.3"`},
		{"public by default", doc["security"], `[]`},
		{"operation id from the handler", at(t, op, "operationId"), `"getThing"`},
		{"parameter example kept", at(t, doc, "paths", "/v1/things/{slug}", "parameters", 0, "example"), `"leipzig"`},
		{"problem+json for 4xx", at(t, op, "responses", "404", "content"),
			`{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}`},
		{"problem+json for 5xx", at(t, op, "responses", "503", "content"),
			`{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}`},
		{"success stays JSON, the record full or cut down by ?fields=", at(t, op, "responses", "200", "content"),
			`{"application/json":{"schema":{"anyOf":[{"$ref":"#/components/schemas/Thing"},{"$ref":"#/components/schemas/ThingFields"}]}}}`},
		{"description from the Go type", at(t, thing, "description"), `"Thing is a thing."`},
		{"bare nullable ref wrapped", at(t, thing, "properties", "bare"),
			`{"allOf":[{"$ref":"#/components/schemas/Part"}],"nullable":true,"type":"object"}`},
		{"described nullable ref typed", at(t, thing, "properties", "described"),
			`{"allOf":[{"$ref":"#/components/schemas/Part"}],"description":"May be null.","nullable":true,"type":"object"}`},
		{"nullable scalar", at(t, thing, "properties", "name"), `{"nullable":true,"type":"string"}`},
		{"plain ref untouched", at(t, thing, "properties", "part"), `{"$ref":"#/components/schemas/Part"}`},
		{"required kept", at(t, thing, "required"), `["bare","described","name","part"]`},
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

func TestGenerateIsDeterministic(t *testing.T) {
	first, err := generate(context.Background(), []byte(swagger), source)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := generate(context.Background(), []byte(swagger), source)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.YAML, again.YAML) || !bytes.Equal(first.JSON, again.JSON) {
			t.Fatal("two runs gave different output")
		}
	}
	if !strings.HasPrefix(string(first.YAML), "openapi: 3.0.3\ninfo:\n  title: T\n") {
		t.Errorf("YAML does not start with openapi and info:\n%.200s", first.YAML)
	}
}

func TestGenerateRefusesBadSchemaNames(t *testing.T) {
	tests := []struct{ name, from, to, wantErr string }{
		{"generic", `"api.Problem"`, `"api.listPage-opencity_Thing"`, "exported name"},
		{"unexported", `"api.Problem"`, `"api.problem"`, "exported name"},
		{"collision", `"api.Problem"`, `"api.Part"`, "would both be published"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(swagger, tt.from, tt.to, 1)
			_, err := generate(context.Background(), []byte(in), source)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadGoSource(t *testing.T) {
	dir := t.TempDir()
	code := `package api

// Thing is a thing. It has details only Go readers need.
type Thing struct{}

// getThing returns a thing.
//
//	@Summary	Get a thing
//	@Router		/v1/things/{slug} [get]
func getThing() {}
`
	if err := os.WriteFile(filepath.Join(dir, "thing.go"), []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := readGoSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := src.typeDocs["api.Thing"]; got != "Thing is a thing." {
		t.Errorf("type doc: got %q", got)
	}
	if got := src.handlers["get /v1/things/{slug}"]; got != "getThing" {
		t.Errorf("handler: got %q", got)
	}
}
