package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// Request bodies are decoded strictly: the Content-Type must be one the route takes (else 415);
// the body must be one JSON value in valid UTF-8, without duplicate keys at any depth, without
// fields the request type does not have, with values of the right types, and nothing after it
// (else 400, naming the field by JSON pointer where there is one). The decoded value is then
// validated (validate, 422 listing every failing field).

// Media types of request bodies.
const (
	mediaJSON       = "application/json"
	mediaMergePatch = "application/merge-patch+json"
)

// maxJSONDepth is the deepest nesting of arrays and objects a body may have.
const maxJSONDepth = 64

// readJSONBody checks the Content-Type against accepted and returns the body, which it has
// checked to be one well-formed JSON value without duplicate keys.
func readJSONBody(c echo.Context, accepted ...string) ([]byte, error) {
	req := c.Request()
	mt, params, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if err != nil || !slices.Contains(accepted, mt) {
		return nil, opencity.Errorf(opencity.EMEDIATYPE, "the body must be sent as Content-Type: %s", strings.Join(accepted, " or "))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, opencity.Errorf(opencity.EMEDIATYPE, "the body must be UTF-8, not %s", safeName(cs))
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, tooLarge(tooBig.Limit)
		}
		return nil, opencity.Errorf(opencity.EINVALID, "the body could not be read")
	}
	if !utf8.Valid(body) {
		return nil, opencity.Errorf(opencity.EINVALID, "the body is not valid UTF-8")
	}
	if err := checkJSON(body); err != nil {
		return nil, err
	}
	return body, nil
}

// decodeStrict decodes body (checked by readJSONBody) into v, refusing unknown fields and
// values of the wrong type.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		ptr := "" // the whole body (a JSON pointer of "" names the root)
		if typeErr.Field != "" {
			ptr = "/" + strings.ReplaceAll(typeErr.Field, ".", "/")
		}
		reason := "must be " + jsonTypeName(typeErr.Type)
		return bodyError(fmt.Sprintf("%s %s, not %s", cmp.Or(ptr, "the body"), reason, typeErr.Value), ptr, reason)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		ptr := unknownPointer(body, reflect.TypeOf(v), name)
		return bodyError(fmt.Sprintf("unknown field %q", safeName(ptr)), ptr, "unknown field")
	}
	return opencity.Errorf(opencity.EINVALID, "the body is not valid JSON for this request: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// unknownPointer returns the JSON pointer of a key name in body that the type t has no field
// for (at any depth: the decoder's error names the key only), or "/name" when there is none.
func unknownPointer(body []byte, t reflect.Type, name string) string {
	var v any
	if json.Unmarshal(body, &v) == nil {
		if p, ok := findUnknown(v, t, name, ""); ok {
			return p
		}
	}
	return "/" + pointerToken(name)
}

// findUnknown looks for the key name without a field of t in v (decoded JSON at pointer at).
func findUnknown(v any, t reflect.Type, name, at string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return "", false
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			p := at + "/" + pointerToken(k)
			f, ok := t.FieldByNameFunc(func(n string) bool {
				sf, _ := t.FieldByName(n)
				tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
				return sf.IsExported() && tag != "-" && strings.EqualFold(cmp.Or(tag, n), k)
			})
			switch {
			case !ok && k == name:
				return p, true
			case ok:
				if q, found := findUnknown(x[k], f.Type, name, p); found {
					return q, true
				}
			}
		}
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return "", false
		}
		for i, e := range x {
			if q, found := findUnknown(e, t.Elem(), name, at+"/"+strconv.Itoa(i)); found {
				return q, true
			}
		}
	}
	return "", false
}

func bodyError(msg, pointer, reason string) error {
	return &opencity.Error{Code: opencity.EINVALID, Message: msg,
		Fields: []opencity.FieldError{{Pointer: pointer, Reason: reason}}}
}

func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// checkJSON reports a body that is not exactly one JSON value, or that repeats a key in an
// object (which encoding/json would silently resolve to the last).
func checkJSON(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return opencity.Errorf(opencity.EINVALID, "the body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := walkJSON(dec, "", 0); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return opencity.Errorf(opencity.EINVALID, "the body has data after its JSON value (at byte %d)", dec.InputOffset())
	}
	return nil
}

// walkJSON reads one value from dec and fails on a duplicate key, naming it by JSON pointer.
func walkJSON(dec *json.Decoder, ptr string, depth int) error {
	if depth > maxJSONDepth {
		return opencity.Errorf(opencity.EINVALID, "the body is nested deeper than %d levels", maxJSONDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return malformedJSON(dec, err)
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return malformedJSON(dec, err)
			}
			key, _ := kt.(string)
			at := ptr + "/" + pointerToken(key)
			if seen[key] {
				return bodyError(fmt.Sprintf("duplicate key %s", safeName(at)), at, "duplicate key")
			}
			seen[key] = true
			if err := walkJSON(dec, at, depth+1); err != nil {
				return err
			}
		}
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := walkJSON(dec, ptr+"/"+strconv.Itoa(i), depth+1); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return malformedJSON(dec, err)
	}
	return nil
}

func malformedJSON(dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return opencity.Errorf(opencity.EINVALID, "the body is truncated: its JSON value is not complete")
	}
	return opencity.Errorf(opencity.EINVALID, "the body is not well-formed JSON (near byte %d)", dec.InputOffset())
}

// pointerToken escapes a key as a JSON pointer reference token (RFC 6901).
func pointerToken(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

// validate checks request values against their `validate` tags (go-playground/validator).
// Names in its errors are the JSON names, so that each maps to a JSON pointer.
var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	must(v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return slugPattern.MatchString(fl.Field().String())
	}))
	must(v.RegisterValidation("text", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return strings.TrimSpace(s) == s && strings.IndexFunc(s, unicode.IsControl) < 0
	}))
	return v
}()

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// checkValues validates v and returns EUNPROCESSABLE listing every failing field (and the
// further field errors extra, found by the handler) by JSON pointer and reason.
func checkValues(v any, extra ...opencity.FieldError) error {
	fields := extra
	var verrs validator.ValidationErrors
	if err := validate.Struct(v); errors.As(err, &verrs) {
		for _, fe := range verrs {
			fields = append(fields, opencity.FieldError{Pointer: fieldPointer(fe.Namespace()), Reason: reasonOf(fe)})
		}
	} else if err != nil {
		return err
	}
	if len(fields) == 0 {
		return nil
	}
	slices.SortStableFunc(fields, func(a, b opencity.FieldError) int { return strings.Compare(a.Pointer, b.Pointer) })
	return &opencity.Error{Code: opencity.EUNPROCESSABLE,
		Message: fmt.Sprintf("%d field(s) of the body are not acceptable; errors lists each", len(fields)), Fields: fields}
}

// fieldPointer turns a validator namespace ("CityWrite.country.code", "X.list[2]") into a JSON
// pointer ("/country/code", "/list/2").
func fieldPointer(ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	rest = strings.NewReplacer("[", ".", "]", "").Replace(rest)
	parts := strings.Split(rest, ".")
	for i, p := range parts {
		parts[i] = pointerToken(p)
	}
	return "/" + strings.Join(parts, "/")
}

func reasonOf(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "slug":
		return "must be a slug: lower-case letters, digits and hyphens, at most 128 characters"
	case "text":
		return "must be text without control characters or leading or trailing space"
	case "max":
		return "must be at most " + fe.Param() + " characters"
	case "gte", "min":
		return "must be at least " + fe.Param()
	case "lte":
		return "must be at most " + fe.Param()
	case "url":
		return "must be an absolute URL (https://example.org/)"
	case "datetime":
		if fe.Param() == "2006-01" {
			return "must be an ISO 8601 month (YYYY-MM)"
		}
		return "must be an ISO 8601 date (YYYY-MM-DD)"
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "iso3166_1_alpha2":
		return "must be an ISO 3166-1 alpha-2 country code (DE)"
	}
	return "is not acceptable (" + fe.Tag() + ")"
}
