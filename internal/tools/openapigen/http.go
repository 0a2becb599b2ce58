package main

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The HTTP behaviour every route shares is stated once here, not in the annotations of each
// handler, because the API implements it once (api/routes.go, api/cache.go, api/respond.go):
//
//   - every GET operation has a HEAD twin: the same responses, without bodies, and the same
//     parameters, which move to the path item so that the two share them;
//   - every public GET under /v1 takes If-None-Match and If-Modified-Since, may answer 304, and
//     its 200 carries ETag, Last-Modified, Cache-Control and Vary; one that needs a key (a
//     security requirement) answers Cache-Control: no-store instead;
//   - every list (a GET whose JSON answer is the list envelope: data, links, meta) takes
//     ?format=, is also served as CSV and NDJSON, and carries a Link header.

const (
	mediaCSV    = "text/csv"
	mediaNDJSON = "application/x-ndjson"
)

// csvDescription is the flat form of a record in CSV (internal/format's package comment).
const csvDescription = "The items of the page as CSV (RFC 4180): UTF-8, CRLF line ends, a header row (present even when the page is empty), one row per item, the same columns in every row. " +
	"Nested values are flattened: an object becomes one column per field with dotted names (country.code, country.name), all empty when the object is null; " +
	"a list of scalars is one cell with its elements joined by | (2018|2020); a list of objects is one cell holding its JSON text; null is an empty cell. " +
	"Text beginning with =, +, -, @, a tab or a carriage return is prefixed with a single quote (') so that spreadsheets do not run it as a formula. " +
	"Paging links are in the Link header."

const ndjsonDescription = "The items of the page as NDJSON: one JSON object per line, each exactly as in data of the JSON representation, each line ended by LF. Paging links are in the Link header."

// Reusable components, referred to from every operation.
var (
	headerComponents = map[string]*openapi3.Header{
		"ETag": header("Strong validator of this representation: it changes when the data changes (the data version) and differs between formats and content codings. Send it back in If-None-Match to revalidate."),
		"LastModified": header("When the data last changed (any record), as an HTTP date. " +
			"Send it back in If-Modified-Since to revalidate."),
		"CacheControl": header("public, max-age=60: any cache may keep the response for a minute, then revalidate."),
		"Vary":         header("Accept, Accept-Encoding, Origin: the request headers the representation depends on."),
		"NoStore":      header("no-store: the response is for the caller's key only; no cache may keep it."),
		"Link": header(`Paging links (RFC 8288): <...>; rel="next" (absent on the last page), then <...>; rel="self" — ` +
			"the same paths as links.next and links.self of the JSON representation."),
	}
	parameterComponents = map[string]*openapi3.Parameter{
		"format": {
			Name: "format", In: "query",
			Description: "Representation: json (the default), csv or ndjson. It wins over the Accept header, so that a link can name a format.",
			Schema:      openapi3.NewStringSchema().WithEnum("json", "csv", "ndjson").NewRef(),
		},
		"IfNoneMatch": {
			Name: "If-None-Match", In: "header",
			Description: "ETags of representations the client holds; when one is current the answer is 304 Not Modified, without a body.",
			Schema:      openapi3.NewStringSchema().NewRef(),
		},
		"IfModifiedSince": {
			Name: "If-Modified-Since", In: "header",
			Description: "Weighed only without If-None-Match: when the data has not changed since this HTTP date the answer is 304 Not Modified.",
			Schema:      openapi3.NewStringSchema().NewRef(),
		},
	}
	notModified = &openapi3.Response{
		Description: ptr("Not Modified: the representation the client holds (named by If-None-Match, or not older than If-Modified-Since) is current. No body."),
		Headers: openapi3.Headers{
			"ETag": headerRef("ETag"), "Last-Modified": headerRef("LastModified"),
			"Cache-Control": headerRef("CacheControl"), "Vary": headerRef("Vary"),
		},
	}
)

func header(description string) *openapi3.Header {
	return &openapi3.Header{Parameter: openapi3.Parameter{Description: description, Schema: openapi3.NewStringSchema().NewRef()}}
}

func headerRef(name string) *openapi3.HeaderRef {
	return &openapi3.HeaderRef{Ref: "#/components/headers/" + name, Value: headerComponents[name]}
}

func parameterRef(name string) *openapi3.ParameterRef {
	return &openapi3.ParameterRef{Ref: "#/components/parameters/" + name, Value: parameterComponents[name]}
}

func describedString(description string) *openapi3.Schema {
	s := openapi3.NewStringSchema()
	s.Description = description
	return s
}

func ptr[T any](v T) *T { return &v }

// addHTTPSemantics states what every GET route shares (see above) in doc.
func addHTTPSemantics(doc *openapi3.T) {
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	cached := false
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		if item.Get == nil {
			continue
		}
		if strings.HasPrefix(path, "/v1/") {
			cached = true
			if isPrivate(item.Get) {
				addNoStore(item.Get)
			} else {
				addCaching(item.Get)
			}
			if isList(doc, item.Get) {
				addListFormats(item.Get)
			}
		}
		// The parameters move to the path item, where GET and HEAD share them.
		item.Parameters, item.Get.Parameters = append(item.Parameters, item.Get.Parameters...), nil
		item.Head = headOf(item.Get)
	}
	if !cached {
		return
	}
	if doc.Components.Headers == nil {
		doc.Components.Headers = openapi3.Headers{}
	}
	for name, h := range headerComponents {
		doc.Components.Headers[name] = &openapi3.HeaderRef{Value: h}
	}
	if doc.Components.Parameters == nil {
		doc.Components.Parameters = openapi3.ParametersMap{}
	}
	for name, p := range parameterComponents {
		doc.Components.Parameters[name] = &openapi3.ParameterRef{Value: p}
	}
	if doc.Components.Responses == nil {
		doc.Components.Responses = openapi3.ResponseBodies{}
	}
	doc.Components.Responses["NotModified"] = &openapi3.ResponseRef{Value: notModified}
}

// isPrivate reports whether op needs a key: its answer is for its caller only.
func isPrivate(op *openapi3.Operation) bool {
	return op.Security != nil && len(*op.Security) > 0
}

// addNoStore says that a private operation's 200 may not be kept by any cache.
func addNoStore(op *openapi3.Operation) {
	if ok := op.Responses.Status(200); ok != nil && ok.Value != nil {
		if ok.Value.Headers == nil {
			ok.Value.Headers = openapi3.Headers{}
		}
		ok.Value.Headers["Cache-Control"] = headerRef("NoStore")
	}
}

// addCaching adds the conditional request headers, the 304 answer and the validators of a 200.
func addCaching(op *openapi3.Operation) {
	op.Parameters = append(op.Parameters, parameterRef("IfNoneMatch"), parameterRef("IfModifiedSince"))
	op.Responses.Set("304", &openapi3.ResponseRef{Ref: "#/components/responses/NotModified", Value: notModified})
	ok := op.Responses.Status(200)
	if ok == nil || ok.Value == nil {
		return
	}
	if ok.Value.Headers == nil {
		ok.Value.Headers = openapi3.Headers{}
	}
	for name, component := range map[string]string{
		"ETag": "ETag", "Last-Modified": "LastModified", "Cache-Control": "CacheControl", "Vary": "Vary",
	} {
		ok.Value.Headers[name] = headerRef(component)
	}
}

// isList reports whether op answers with the list envelope: an object of data, links and meta.
func isList(doc *openapi3.T, op *openapi3.Operation) bool {
	ok := op.Responses.Status(200)
	if ok == nil || ok.Value == nil || ok.Value.Content[mediaJSON] == nil {
		return false
	}
	ref := ok.Value.Content[mediaJSON].Schema
	if ref == nil {
		return false
	}
	schema := ref.Value
	if name, found := strings.CutPrefix(ref.Ref, "#/components/schemas/"); found && doc.Components.Schemas[name] != nil {
		schema = doc.Components.Schemas[name].Value
	}
	if schema == nil {
		return false
	}
	for _, p := range []string{"data", "links", "meta"} {
		if schema.Properties[p] == nil {
			return false
		}
	}
	return true
}

// addListFormats adds ?format=, the CSV and NDJSON representations and the Link header.
func addListFormats(op *openapi3.Operation) {
	op.Parameters = append(op.Parameters, parameterRef("format"))
	ok := op.Responses.Status(200).Value
	ok.Headers["Link"] = headerRef("Link")
	ok.Content[mediaCSV] = openapi3.NewMediaType().WithSchema(describedString(csvDescription))
	ok.Content[mediaNDJSON] = openapi3.NewMediaType().WithSchema(describedString(ndjsonDescription))
}

// headOf returns the HEAD twin of a GET operation: its responses with their headers but
// without bodies (the parameters are the path item's).
func headOf(get *openapi3.Operation) *openapi3.Operation {
	head := &openapi3.Operation{
		Tags:        get.Tags,
		Summary:     strings.TrimSpace(get.Summary + " (headers only)"),
		Description: "The status and headers GET would answer with, without the body.",
		Parameters:  get.Parameters,
		Security:    get.Security,
		Responses:   openapi3.NewResponses(),
	}
	if get.OperationID != "" {
		head.OperationID = get.OperationID + "Head"
	}
	for _, code := range sortedKeys(get.Responses.Map()) {
		r := get.Responses.Value(code)
		if r.Ref != "" || r.Value == nil {
			head.Responses.Set(code, r)
			continue
		}
		head.Responses.Set(code, &openapi3.ResponseRef{Value: &openapi3.Response{
			Description: r.Value.Description, Headers: r.Value.Headers,
		}})
	}
	return head
}
