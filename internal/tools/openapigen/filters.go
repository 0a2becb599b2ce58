package main

import (
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/opencity/opencity/internal/opencity"
)

// listResources maps each list path to the resource whose allowlist its filters, sort and
// search come from: opencity.Lists, which the API parses queries with, is the one source of
// truth for both.
func listResources() map[string]opencity.Resource {
	out := map[string]opencity.Resource{}
	v := reflect.ValueOf(opencity.Lists)
	for i := 0; i < v.NumField(); i++ {
		r := v.Field(i).Interface().(opencity.Resource)
		out["/v1/"+r.Name] = r
	}
	out["/v1/statistics"] = opencity.Statistics
	out["/v1/innovation-roles"] = opencity.Lists.Concepts
	out["/v1/funding-activities"] = opencity.Lists.Concepts
	return out
}

// addListParameters documents, on every list operation in the document, the sort and q
// parameters and one parameter per filter field and operator. (A list missing from the
// document is caught by the API's tests, which check every route against it.)
func addListParameters(doc *openapi3.T) {
	for path, res := range listResources() {
		if item := doc.Paths.Value(path); item != nil && item.Get != nil {
			item.Get.Parameters = append(item.Get.Parameters, listParameters(res)...)
		}
	}
}

func listParameters(res opencity.Resource) openapi3.Parameters {
	var sortable []string
	for _, f := range res.Fields {
		if f.Sortable {
			sortable = append(sortable, f.Name)
		}
	}
	ps := openapi3.Parameters{queryParam("sort", stringSchema(),
		"Sort keys, comma-separated, each optionally prefixed with - for descending; at most 3. "+
			"Allowed: slug, "+strings.Join(sortable, ", ")+". The slug always ends the order as the unique "+
			"tie-breaker, in the direction of the key before it; unknown (null) values sort lowest. A cursor is valid only with the sort and filters it was issued for.")}
	if res.Searchable {
		ps = append(ps, queryParam("q", stringSchema(),
			"Search names, labels and descriptions: every word must match (case and accents folded; "+
				"SQLite matches word prefixes, PostgreSQL substrings). At most 200 characters."))
	}
	var facets []string
	ps = append(ps, queryParam("slug", stringSchema(), "Keep the records with these comma-separated slugs (at most 100)."))
	if res.Name != opencity.Statistics.Name {
		ps = append(ps, queryParam("include", openapi3.NewStringSchema().WithEnum("sources"),
			"sources: add included.sources, every source the page's records name, in one response."))
	}
	for _, f := range res.Fields {
		ps = append(ps, fieldParameters(f)...)
		if f.Facet {
			facets = append(facets, f.Name)
		}
	}
	if len(facets) > 0 {
		ps = append(ps, queryParam("facets", stringSchema(),
			"Comma-separated fields (at most 5) whose values to count over the filtered list, paging aside, "+
				"into meta.facets. Allowed: "+strings.Join(facets, ", ")+"."))
	}
	return ps
}

func fieldParameters(f opencity.Field) openapi3.Parameters {
	eq := "Keep records whose " + f.Name + " is one of these comma-separated values."
	if f.Type == opencity.TypeBool {
		eq = "Keep records whose " + f.Name + " is true or false."
	}
	ps := openapi3.Parameters{queryParam(f.Name, eqSchema(f.Type), eq)}
	if f.Type != opencity.TypeString && f.Type != opencity.TypeBool {
		for _, op := range []struct{ name, text string }{
			{opencity.OpGt, "greater than"}, {opencity.OpGte, "at least"},
			{opencity.OpLt, "less than"}, {opencity.OpLte, "at most"},
		} {
			ps = append(ps, queryParam(f.Name+"["+op.name+"]", valueSchema(f.Type),
				"Keep records whose "+f.Name+" is "+op.text+" this value."))
		}
	}
	if f.Nullable {
		ps = append(ps, queryParam(f.Name+"[null]", openapi3.NewBoolSchema(),
			"true: keep records whose "+f.Name+" is unknown (null); false: whose "+f.Name+" is known."))
	}
	return ps
}

func queryParam(name string, schema *openapi3.Schema, description string) *openapi3.ParameterRef {
	p := openapi3.NewQueryParameter(name).WithSchema(schema).WithDescription(description)
	return &openapi3.ParameterRef{Value: p}
}

func stringSchema() *openapi3.Schema { return openapi3.NewStringSchema().WithMaxLength(4096) }

// eqSchema is the schema of an equality filter: a comma-separated list, except for booleans.
func eqSchema(t opencity.FieldType) *openapi3.Schema {
	if t == opencity.TypeBool {
		return openapi3.NewBoolSchema()
	}
	return stringSchema()
}

func valueSchema(t opencity.FieldType) *openapi3.Schema {
	switch t {
	case opencity.TypeInt:
		return openapi3.NewInt64Schema()
	case opencity.TypeNumber:
		return openapi3.NewFloat64Schema()
	}
	return openapi3.NewStringSchema().WithPattern(`^\d{4}(-\d{2}(-\d{2})?)?$`)
}
