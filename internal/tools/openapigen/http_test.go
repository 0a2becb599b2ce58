package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// swaggerHTTP has a list, a record, an export producing two media types, and a probe.
const swaggerHTTP = `{
  "swagger": "2.0",
  "info": {"title": "T", "version": "1.0", "license": {"name": "L"}},
  "basePath": "/",
  "paths": {
    "/healthz": {"get": {"produces": ["application/json"], "summary": "Live",
      "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/api.Problem"}}}}},
    "/v1/things": {"get": {"produces": ["application/json"], "summary": "List things",
      "responses": {
        "200": {"description": "OK", "schema": {"$ref": "#/definitions/api.ThingList"}},
        "400": {"description": "Bad Request", "schema": {"$ref": "#/definitions/api.Problem"}}}}},
    "/v1/things/{slug}": {"get": {"produces": ["application/json"], "summary": "Get a thing",
      "parameters": [{"name": "slug", "in": "path", "required": true, "type": "string"}],
      "responses": {
        "200": {"description": "OK", "schema": {"$ref": "#/definitions/api.Problem"}},
        "404": {"description": "Not Found", "schema": {"$ref": "#/definitions/api.Problem"}}}}},
    "/v1/exports/{file}": {"get": {"produces": ["text/csv", "application/x-ndjson"], "summary": "Export",
      "parameters": [{"name": "file", "in": "path", "required": true, "type": "string"}],
      "responses": {
        "200": {"description": "OK", "schema": {"type": "string"}},
        "404": {"description": "Not Found", "schema": {"$ref": "#/definitions/api.Problem"}}}}}
  },
  "definitions": {
    "api.Problem": {"type": "object", "properties": {"title": {"type": "string"}}},
    "api.ThingList": {"type": "object", "properties": {
      "data": {"type": "array", "items": {"type": "string"}}, "links": {"type": "object"}, "meta": {"type": "object"}}}
  }
}`

func TestGenerateHTTPSemantics(t *testing.T) {
	doc := generateDoc(t, swaggerHTTP)
	paths := at(t, doc, "paths").(map[string]any)
	has := func(v any, path ...any) bool {
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return false
			}
			if v, ok = m[p.(string)]; !ok {
				return false
			}
		}
		return true
	}
	list, item, export := paths["/v1/things"], paths["/v1/things/{slug}"], paths["/v1/exports/{file}"]
	for _, tc := range []struct {
		name string
		got  bool
		want bool
	}{
		{"every GET has a HEAD twin", has(paths["/healthz"], "head") && has(list, "head") && has(item, "head") && has(export, "head"), true},
		{"HEAD has no bodies", has(list, "head", "responses", "200", "content"), false},
		{"HEAD keeps the headers", has(list, "head", "responses", "200", "headers", "ETag"), true},
		{"lists are CSV", has(list, "get", "responses", "200", "content", "text/csv"), true},
		{"lists are NDJSON", has(list, "get", "responses", "200", "content", "application/x-ndjson"), true},
		{"lists have a Link header", has(list, "get", "responses", "200", "headers", "Link"), true},
		{"records are not CSV", has(item, "get", "responses", "200", "content", "text/csv"), false},
		{"records have no Link header", has(item, "get", "responses", "200", "headers", "Link"), false},
		{"v1 may answer 304", has(item, "get", "responses", "304") && has(export, "get", "responses", "304"), true},
		{"v1 has validators", has(export, "get", "responses", "200", "headers", "Last-Modified"), true},
		{"probes are not cached", has(paths["/healthz"], "get", "responses", "304"), false},
		{"export errors are problem+json", has(export, "get", "responses", "404", "content", "application/problem+json") &&
			!has(export, "get", "responses", "404", "content", "text/csv"), true},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if has(list, "get", "parameters") || has(list, "head", "parameters") {
		t.Error("GET and HEAD have parameters of their own; want them on the path item")
	}
	params, _ := json.Marshal(at(t, list, "parameters"))
	if want := `{"$ref":"#/components/parameters/IfNoneMatch"},{"$ref":"#/components/parameters/IfModifiedSince"},{"$ref":"#/components/parameters/format"}]`; !strings.HasSuffix(string(params), want) {
		t.Errorf("list parameters %s, want them to end with %s", params, want)
	}
	if id := at(t, item, "head", "operationId"); id != "getThingHead" {
		t.Errorf("HEAD operationId %v, want getThingHead", id)
	}
}
