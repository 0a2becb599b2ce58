package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// openAPIVersion is the version of the OpenAPI Specification the document follows.
const openAPIVersion = "3.0.3"

const (
	mediaJSON    = "application/json"
	mediaProblem = "application/problem+json"
)

// output is the generated document in its two encodings.
type output struct {
	YAML []byte
	JSON []byte
}

// generate converts swag's Swagger 2.0 document into the published OpenAPI 3.0 document.
// src supplies schema descriptions and operation ids from the Go sources.
func generate(ctx context.Context, swagger []byte, src goSource) (output, error) {
	var raw map[string]any
	if err := decodeJSON(swagger, &raw); err != nil {
		return output{}, fmt.Errorf("read swag output: %w", err)
	}
	if err := prepareV2(raw, src.typeDocs); err != nil {
		return output{}, err
	}
	prepared, err := json.Marshal(raw)
	if err != nil {
		return output{}, err
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(prepared, &doc2); err != nil {
		return output{}, fmt.Errorf("decode Swagger 2.0: %w", err)
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return output{}, fmt.Errorf("convert to OpenAPI 3: %w", err)
	}
	doc3.OpenAPI = openAPIVersion
	addListParameters(doc3)
	addSparseFields(doc3)
	bearerSchemes(doc3)
	addRateLimitResponses(doc3)
	for path, item := range doc3.Paths.Map() {
		for method, op := range item.Operations() {
			fixOperation(op, src.handlers[strings.ToLower(method)+" "+path])
		}
	}
	addHTTPSemantics(doc3)

	if err := doc3.Validate(ctx, openapi3.ProhibitExtensionsWithRef()); err != nil {
		return output{}, fmt.Errorf("the converted document is not valid OpenAPI %s: %w", openAPIVersion, err)
	}
	return encode(doc3)
}

// encode writes the document as YAML and JSON with the same, fixed key order.
func encode(doc3 *openapi3.T) (output, error) {
	encoded, err := json.Marshal(doc3)
	if err != nil {
		return output{}, err
	}
	tree, err := parseTree(encoded)
	if err != nil {
		return output{}, err
	}
	if err := checkTree(tree, ""); err != nil {
		return output{}, err
	}
	publicByDefault(tree)
	orderKeys(tree, nil)
	yml, err := tree.yaml()
	if err != nil {
		return output{}, err
	}
	return output{YAML: yml, JSON: tree.json()}, nil
}

// decodeJSON decodes data into v, keeping numbers as written.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

// schemaName is what a published schema may be called: an exported Go identifier.
var schemaName = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)

// prepareV2 fixes swag's Swagger 2.0 document, decoded as generic JSON, before conversion: it
// drops the Go package from schema names, describes undescribed schemas from their Go type's
// doc comment, and turns every nullable $ref into an allOf that can carry x-nullable.
func prepareV2(doc map[string]any, typeDocs map[string]string) error {
	defs, _ := doc["definitions"].(map[string]any)
	renamed := make(map[string]string, len(defs))
	from := make(map[string]string, len(defs))
	names := sortedKeys(defs)
	for _, name := range names {
		short := name[strings.LastIndex(name, ".")+1:]
		if !schemaName.MatchString(short) {
			return fmt.Errorf("schema %q: give the type an exported name of its own "+
				"(e.g. type CityList struct{...} rather than a generic or unexported type)", name)
		}
		if other, ok := from[short]; ok {
			return fmt.Errorf("schemas %q and %q would both be published as %q: rename one of the Go types", other, name, short)
		}
		from[short], renamed[name] = name, short
	}
	newDefs := make(map[string]any, len(defs))
	for _, name := range names {
		def := defs[name]
		if m, ok := def.(map[string]any); ok {
			if _, has := m["description"]; !has && typeDocs[name] != "" {
				m["description"] = typeDocs[name]
			}
		}
		newDefs[renamed[name]] = def
	}
	if defs != nil {
		doc["definitions"] = newDefs
	}
	rewrite(doc, renamed, newDefs)
	return nil
}

// rewrite walks v: it renames the targets of #/definitions/ references, wraps nullable
// references in an allOf, gives a nullable allOf the type of what it refers to (OpenAPI 3.0
// ignores nullable without a type next to it), and keeps the examples of parameters, which
// Swagger 2.0 has no field for, as x-example.
func rewrite(v any, renamed map[string]string, defs map[string]any) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			if name, ok := strings.CutPrefix(ref, "#/definitions/"); ok && renamed[name] != "" {
				v["$ref"] = "#/definitions/" + renamed[name]
			}
			wrapNullableRef(v)
		}
		typeNullableAllOf(v, renamed, defs)
		if _, isParam := v["in"].(string); isParam && v["in"] != "body" {
			if ex, ok := v["example"]; ok {
				v["x-example"] = ex
				delete(v, "example")
			}
		}
		for _, child := range v {
			rewrite(child, renamed, defs)
		}
	case []any:
		for _, child := range v {
			rewrite(child, renamed, defs)
		}
	}
}

// wrapNullableRef turns {$ref, x-nullable: true, ...} into {allOf: [{$ref}], x-nullable: true,
// ...}: next to a $ref every other keyword is ignored, so the reference moves one level down.
func wrapNullableRef(m map[string]any) {
	nullable, ok := m["x-nullable"]
	if !ok {
		return
	}
	if b, _ := nullable.(bool); !b {
		delete(m, "x-nullable")
		return
	}
	m["allOf"] = []any{map[string]any{"$ref": m["$ref"]}}
	delete(m, "$ref")
}

// typeNullableAllOf gives {x-nullable: true, allOf: [{$ref}]} the type of the schema it refers
// to: OpenAPI 3.0.3 lets nullable add null only to a type stated next to it.
func typeNullableAllOf(m map[string]any, renamed map[string]string, defs map[string]any) {
	if b, _ := m["x-nullable"].(bool); !b || m["type"] != nil {
		return
	}
	allOf, _ := m["allOf"].([]any)
	if len(allOf) != 1 {
		return
	}
	first, _ := allOf[0].(map[string]any)
	ref, _ := first["$ref"].(string)
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	if !ok {
		return
	}
	if short, ok := renamed[name]; ok {
		name = short // not renamed yet: the walk reaches the $ref after its parent
	}
	if target, ok := defs[name].(map[string]any); ok && target["type"] != nil {
		m["type"] = target["type"]
	}
}

// fixOperation finishes an operation: its id is the name of the Go handler (unless swag's
// @ID gave one), its parameters' examples are restored, and its error responses (status 400
// and up) are application/problem+json, which is what the error handler writes.
func fixOperation(op *openapi3.Operation, handler string) {
	if op.OperationID == "" {
		op.OperationID = handler
	}
	for _, p := range op.Parameters {
		if p.Value == nil {
			continue
		}
		if ex, ok := p.Value.Extensions["x-example"]; ok {
			p.Value.Example = ex
			delete(p.Value.Extensions, "x-example")
		}
	}
	if op.Responses == nil {
		return
	}
	for code, resp := range op.Responses.Map() {
		if !isErrorStatus(code) || resp.Value == nil || len(resp.Value.Content) == 0 {
			continue
		}
		// swag gives every response all the media types of @Produce; an error is problem+json
		// whatever the operation produces.
		mt := resp.Value.Content[mediaJSON]
		if mt == nil {
			mt = resp.Value.Content[sortedKeys(resp.Value.Content)[0]]
		}
		resp.Value.Content = openapi3.Content{mediaProblem: mt}
	}
}

// isErrorStatus reports whether the response code of an OpenAPI responses map is 400 or more.
func isErrorStatus(code string) bool {
	if code == "4XX" || code == "5XX" {
		return true
	}
	n, err := strconv.Atoi(code)
	return err == nil && n >= 400
}

// checkTree fails on what survives conversion but means nothing in OpenAPI 3.0: a Swagger
// x-nullable the converter did not turn into nullable, or keywords next to a $ref.
func checkTree(n *node, path string) error {
	switch n.kind {
	case kindObject:
		for i, key := range n.keys {
			if key == "x-nullable" {
				return fmt.Errorf("%s: x-nullable was not converted to nullable", path)
			}
			if key == "$ref" && len(n.keys) > 1 {
				return fmt.Errorf("%s: keywords next to $ref are ignored: %q", path, n.keys)
			}
			if err := checkTree(n.vals[i], path+"/"+key); err != nil {
				return err
			}
		}
	case kindArray:
		for i, item := range n.items {
			if err := checkTree(item, path+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// publicByDefault states at the top of the document that an operation without a security
// requirement of its own needs none (security: []), unless swag wrote a global requirement:
// public reads need no key, and saying so shows it was meant. kin-openapi drops an empty
// requirement list when it encodes, so it goes into the tree.
func publicByDefault(root *node) {
	for _, k := range root.keys {
		if k == "security" {
			return
		}
	}
	root.keys = append(root.keys, "security")
	root.vals = append(root.vals, &node{kind: kindArray})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
