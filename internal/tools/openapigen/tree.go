package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
)

// A node is a JSON value whose objects keep their keys in a chosen order, so that the YAML and
// JSON encodings of the document list them the same way, run after run.
type node struct {
	kind  nodeKind
	keys  []string // object keys, in output order
	vals  []*node  // object values, parallel to keys
	items []*node  // array items
	text  string   // a string's value; a number, boolean or null as written in JSON
}

type nodeKind int

const (
	kindObject nodeKind = iota
	kindArray
	kindString
	kindNumber
	kindBool
	kindNull
)

// parseTree decodes one JSON value into a tree.
func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after the JSON document")
	}
	return n, nil
}

func parseValue(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return parseObject(dec)
		}
		return parseArray(dec)
	case string:
		return &node{kind: kindString, text: t}, nil
	case json.Number:
		return &node{kind: kindNumber, text: t.String()}, nil
	case bool:
		return &node{kind: kindBool, text: fmt.Sprint(t)}, nil
	case nil:
		return &node{kind: kindNull, text: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

func parseObject(dec *json.Decoder) (*node, error) {
	n := &node{kind: kindObject}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		val, err := parseValue(dec)
		if err != nil {
			return nil, err
		}
		n.keys, n.vals = append(n.keys, key), append(n.vals, val)
	}
	_, err := dec.Token() // '}'
	return n, err
}

func parseArray(dec *json.Decoder) (*node, error) {
	n := &node{kind: kindArray}
	for dec.More() {
		val, err := parseValue(dec)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, val)
	}
	_, err := dec.Token() // ']'
	return n, err
}

// Keys that come first, in this order, in the objects at certain places of the document (see
// firstKeys); the remaining keys follow in sorted order. Everywhere else all keys are sorted.
var (
	rootOrder      = []string{"openapi", "info", "servers", "security", "tags", "paths", "components"}
	infoOrder      = []string{"title", "description", "version", "contact", "license"}
	tagOrder       = []string{"name", "description"}
	operationOrder = []string{"tags", "summary", "description", "operationId", "parameters", "requestBody", "responses"}
	parameterOrder = []string{"name", "in", "description", "required", "schema", "example"}
	responseOrder  = []string{"description", "headers", "content"}
	schemaOrder    = []string{"type", "format", "nullable", "description", "required", "properties"}
)

// orderKeys sorts the keys of every object under n; path is where n sits in the document,
// with "[]" for an array item.
func orderKeys(n *node, path []string) {
	switch n.kind {
	case kindObject:
		sortObject(n, firstKeys(path))
		for i, v := range n.vals {
			orderKeys(v, append(path[:len(path):len(path)], n.keys[i]))
		}
	case kindArray:
		for _, v := range n.items {
			orderKeys(v, append(path[:len(path):len(path)], "[]"))
		}
	}
}

// firstKeys returns the keys that lead the object at path.
func firstKeys(path []string) []string {
	at := func(pattern ...string) bool {
		if len(path) != len(pattern) {
			return false
		}
		for i, p := range pattern {
			if p != "*" && p != path[i] {
				return false
			}
		}
		return true
	}
	switch {
	case len(path) == 0:
		return rootOrder
	case at("info"):
		return infoOrder
	case at("tags", "[]"):
		return tagOrder
	case at("paths", "*", "*"):
		return operationOrder
	case at("paths", "*", "*", "parameters", "[]"):
		return parameterOrder
	case at("paths", "*", "*", "responses", "*"):
		return responseOrder
	case len(path) >= 3 && path[0] == "components" && path[1] == "schemas" &&
		(len(path) == 3 || path[len(path)-2] == "properties" || path[len(path)-1] == "items"):
		return schemaOrder
	}
	return nil
}

// sortObject orders the keys of n: those in first by their place there, then the rest sorted.
func sortObject(n *node, first []string) {
	idx := make([]int, len(n.keys))
	for i := range idx {
		idx[i] = i
	}
	rank := func(key string) int {
		if r := slices.Index(first, key); r >= 0 {
			return r
		}
		return len(first)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ka, kb := n.keys[a], n.keys[b]
		if ra, rb := rank(ka), rank(kb); ra != rb {
			return ra - rb
		}
		return strings.Compare(ka, kb)
	})
	keys, vals := make([]string, len(idx)), make([]*node, len(idx))
	for i, j := range idx {
		keys[i], vals[i] = n.keys[j], n.vals[j]
	}
	n.keys, n.vals = keys, vals
}

// json encodes the tree as JSON indented by two spaces, without HTML escaping, ending in a
// newline.
func (n *node) json() []byte {
	var b bytes.Buffer
	n.writeJSON(&b, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func (n *node) writeJSON(b *bytes.Buffer, depth int) {
	indent := func(d int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", d))
	}
	switch n.kind {
	case kindObject:
		if len(n.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			indent(depth + 1)
			writeJSONString(b, k)
			b.WriteString(": ")
			n.vals[i].writeJSON(b, depth+1)
		}
		indent(depth)
		b.WriteByte('}')
	case kindArray:
		if len(n.items) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, v := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			indent(depth + 1)
			v.writeJSON(b, depth+1)
		}
		indent(depth)
		b.WriteByte(']')
	case kindString:
		writeJSONString(b, n.text)
	default:
		b.WriteString(n.text)
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode appends a newline
}

// yaml encodes the tree as YAML with two-space indentation and no line wrapping.
func (n *node) yaml() ([]byte, error) {
	return yaml.Dump(n.yamlNode(), yaml.WithIndent(2), yaml.WithCompactSeqIndent(false),
		yaml.WithLineWidth(-1), yaml.WithUnicode(true))
}

func (n *node) yamlNode() *yaml.Node {
	switch n.kind {
	case kindObject:
		y := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i, k := range n.keys {
			y.Content = append(y.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, n.vals[i].yamlNode())
		}
		return y
	case kindArray:
		y := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, v := range n.items {
			y.Content = append(y.Content, v.yamlNode())
		}
		return y
	case kindNumber:
		tag := "!!int"
		if strings.ContainsAny(n.text, ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: n.text}
	case kindBool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: n.text}
	case kindNull:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: n.text}
}
