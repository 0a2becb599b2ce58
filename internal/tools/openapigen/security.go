package main

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// bearerSchemes turns every apiKey security scheme sent in the Authorization header into what
// it stands for, an HTTP bearer scheme ({type: http, scheme: bearer}): Swagger 2.0, and so
// swag, has no bearer type. Scopes that an operation's requirement of such a scheme names
// move to the operation's x-required-scopes, and the requirement lists none: OpenAPI 3.0.3
// allows scopes in a requirement only for oauth2 and openIdConnect schemes ("for other
// security scheme types, the array MUST be empty", section 4.7.30).
func bearerSchemes(doc *openapi3.T) {
	bearer := map[string]bool{}
	for name, ref := range doc.Components.SecuritySchemes {
		s := ref.Value
		if s != nil && s.Type == "apiKey" && s.In == "header" && strings.EqualFold(s.Name, "Authorization") {
			ref.Value = &openapi3.SecurityScheme{Type: "http", Scheme: "bearer", Description: s.Description}
			bearer[name] = true
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Security == nil {
				continue
			}
			var scopes []any
			for _, req := range *op.Security {
				for name, names := range req {
					if !bearer[name] {
						continue
					}
					for _, n := range names {
						scopes = append(scopes, n)
					}
					req[name] = []string{}
				}
			}
			if len(scopes) > 0 {
				if op.Extensions == nil {
					op.Extensions = map[string]any{}
				}
				op.Extensions["x-required-scopes"] = scopes
			}
		}
	}
}

// tooManyRequests is the name of the shared 429 response in components.responses.
const tooManyRequests = "TooManyRequests"

// addRateLimitResponses documents, on every operation under /v1/, the 429 that the rate
// limiter (api/ratelimit.go) answers from the middleware, where no swag block can declare it.
func addRateLimitResponses(doc *openapi3.T) {
	header := func(desc string, schema *openapi3.Schema) *openapi3.HeaderRef {
		return &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: desc, Schema: openapi3.NewSchemaRef("", schema)}}}
	}
	problem := doc.Components.Schemas["Problem"]
	if problem == nil {
		return // a document without problem responses has no API to limit
	}
	desc := "Too Many Requests: the client (its API key, else its IP address) has used up its budget for this class " +
		"of request (read, write or import). Retry after the seconds Retry-After gives."
	if doc.Components.Responses == nil {
		doc.Components.Responses = openapi3.ResponseBodies{}
	}
	resp := &openapi3.Response{
		Description: &desc,
		Headers: openapi3.Headers{
			"Request-Id":  header("Id of this request", openapi3.NewStringSchema()),
			"Retry-After": header("Seconds until a request of this class will be let through", openapi3.NewIntegerSchema().WithMin(1)),
			"RateLimit-Policy": header(`The budget, per draft-ietf-httpapi-ratelimit-headers-08: "read";q=100;w=1 `+
				`(q requests, refilled over w seconds)`, openapi3.NewStringSchema()),
			"RateLimit": header(`What is left of it: "read";r=0;t=1 (r requests left, t seconds until the budget is full again)`,
				openapi3.NewStringSchema()),
		},
		Content: openapi3.Content{mediaProblem: &openapi3.MediaType{
			Schema: &openapi3.SchemaRef{Ref: "#/components/schemas/Problem", Value: problem.Value}}},
	}
	doc.Components.Responses[tooManyRequests] = &openapi3.ResponseRef{Value: resp}
	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, "/v1/") {
			continue
		}
		for _, op := range item.Operations() {
			if op.Responses != nil && op.Responses.Value("429") == nil {
				op.Responses.Set("429", &openapi3.ResponseRef{Ref: "#/components/responses/" + tooManyRequests, Value: resp})
			}
		}
	}
}
