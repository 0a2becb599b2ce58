package main

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

const schemaPrefix = "#/components/schemas/"

// addSparseFields documents ?fields= on every record and list under /v1:
// the parameter, and a response whose records may be the full schema or, with ?fields=, a
// copy of it whose properties are all optional (XFields).
func addSparseFields(doc *openapi3.T) {
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, path := range paths {
		item := doc.Paths.Value(path)
		if !strings.HasPrefix(path, "/v1/") || item.Get == nil {
			continue
		}
		resp := item.Get.Responses.Value("200")
		if resp == nil || resp.Value == nil || resp.Value.Content[mediaJSON] == nil {
			continue
		}
		media := resp.Value.Content[mediaJSON]
		name := strings.TrimPrefix(media.Schema.Ref, schemaPrefix)
		if strings.HasSuffix(name, "List") {
			data := doc.Components.Schemas[name].Value.Properties["data"].Value
			if data.Items.Ref != "" {
				data.Items = eitherFull(doc, data.Items.Ref)
			}
		} else if media.Schema.Ref != "" {
			media.Schema = eitherFull(doc, media.Schema.Ref)
		}
		item.Get.Parameters = append(item.Get.Parameters, queryParam("fields", stringSchema(),
			"Comma-separated top-level fields to return for each record (slug and href always come); "+
				"unknown fields are a 400. Without it, records are complete."))
	}
}

// eitherFull returns {anyOf: [the full schema, its all-optional copy]} for the schema at ref,
// adding the copy to the components.
func eitherFull(doc *openapi3.T, ref string) *openapi3.SchemaRef {
	name := strings.TrimPrefix(ref, schemaPrefix)
	fields := name + "Fields"
	if _, ok := doc.Components.Schemas[fields]; !ok {
		full := *doc.Components.Schemas[name].Value
		full.Required = nil
		full.Description = name + " with only the fields asked for with ?fields=."
		doc.Components.Schemas[fields] = &openapi3.SchemaRef{Value: &full}
	}
	return &openapi3.SchemaRef{Value: &openapi3.Schema{AnyOf: openapi3.SchemaRefs{
		{Ref: ref, Value: doc.Components.Schemas[name].Value},
		{Ref: schemaPrefix + fields, Value: doc.Components.Schemas[fields].Value},
	}}}
}
