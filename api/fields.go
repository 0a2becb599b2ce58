package api

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// alwaysFields come with every sparse record, so it stays linkable.
var alwaysFields = []string{"slug", "href"}

// sparseFields parses the fields parameter against the JSON fields of the record type t: nil
// when absent; EINVALID naming fields for an unknown or repeated name.
func sparseFields(c echo.Context, t reflect.Type) ([]string, error) {
	param := c.QueryParam("fields")
	if param == "" {
		return nil, nil
	}
	known := jsonFields(t)
	out := append([]string(nil), alwaysFields...)
	for _, name := range strings.Split(param, ",") {
		if !contains(known, name) {
			return nil, opencity.InvalidParameter("fields", "unknown field "+strconvQuote(name)+"; allowed: "+strings.Join(known, ", "))
		}
		if !contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// jsonFields lists the JSON names of the exported fields of struct type t.
func jsonFields(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// project keeps only fields of the JSON object v encodes to.
func project(v any, fields []string) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(fields))
	for _, f := range fields {
		if raw, ok := all[f]; ok {
			out[f] = raw
		}
	}
	return out, nil
}

// sparsePage is a list page whose records carry only the fields asked for.
type sparsePage struct {
	Data     []map[string]json.RawMessage `json:"data"`
	Links    Links                        `json:"links"`
	Meta     ListMeta                     `json:"meta"`
	Included *Included                    `json:"included,omitempty"`
}

// projectPage returns page with each record cut down to fields.
func projectPage[T any](page listPage[T], fields []string) (sparsePage, error) {
	out := sparsePage{Data: make([]map[string]json.RawMessage, len(page.Data)), Links: page.Links,
		Meta: page.Meta, Included: page.Included}
	for i, item := range page.Data {
		var err error
		if out.Data[i], err = project(item, fields); err != nil {
			return sparsePage{}, err
		}
	}
	return out, nil
}

func strconvQuote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + strings.ToValidUTF8(s, "\uFFFD") + `"`
}
