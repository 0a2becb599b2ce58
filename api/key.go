package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// APIKey is an API key as the admin list shows it: never the key itself, nor its hash.
type APIKey struct {
	Prefix     string     `json:"prefix" example:"k3v9q2xa"`                                             // Public part of the key (oc_<prefix>_...) that names it.
	Name       string     `json:"name" example:"Statistics office"`                                      // What the key is for.
	Scopes     []string   `json:"scopes" enums:"read:private,write,import,admin" example:"write,import"` // What the key allows.
	CreatedAt  time.Time  `json:"created_at" example:"2026-01-15T09:30:00Z"`                             // When the key was created (UTC).
	LastUsedAt *time.Time `json:"last_used_at" example:"2026-02-01T12:04:00Z" extensions:"x-nullable"`   // When the key last authenticated a request, to the minute; null if never.
	Revoked    bool       `json:"revoked" example:"false"`                                               // Whether the key has been revoked; a revoked key authenticates nothing.
	RevokedAt  *time.Time `json:"revoked_at" example:"2026-03-01T08:00:00Z" extensions:"x-nullable"`     // When the key was revoked; null while it is valid.
}

// APIKeyList is every API key, oldest first. It is not paged: an installation has few keys.
type APIKeyList struct {
	Data  []APIKey `json:"data"`
	Links Links    `json:"links"`
}

// listKeys lists the API keys.
//
//	@Summary		List API keys
//	@Description	Every API key, revoked ones included, oldest first: its public prefix, name, scopes, when it was created and last used. Never the key itself or its hash. Needs a key with the admin scope; keys are created and revoked with the opencity keys command.
//	@Tags			keys
//	@Produce		json
//	@Security		bearerAuth[admin]
//	@Success		200	{object}	APIKeyList
//	@Header			200	{string}	Request-Id	"Id of this request"
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Header			401	{string}	WWW-Authenticate	"The Bearer challenge: Bearer realm=\"opencity\", with error=\"invalid_token\" when the key sent does not work"
//	@Failure		403	{object}	Problem
//	@Header			403	{string}	WWW-Authenticate	"The Bearer challenge, with error=\"insufficient_scope\" and the scope needed"
//	@Failure		406	{object}	Problem
//	@Failure		500	{object}	Problem
//	@Router			/v1/keys [get]
func (h *Handler) listKeys(c echo.Context) error {
	if _, err := queryParams(c, func(name string) bool { return name == "fields" }); err != nil {
		return err
	}
	fields, err := sparseFields(c, reflect.TypeFor[APIKey]())
	if err != nil {
		return err
	}
	keys, err := h.store.ListKeys(c.Request().Context())
	if err != nil {
		return err
	}
	out := APIKeyList{Data: make([]APIKey, len(keys)), Links: Links{Self: c.Request().URL.RequestURI()}}
	for i, k := range keys {
		out.Data[i] = apiKey(k)
	}
	if fields == nil {
		return c.JSON(http.StatusOK, out)
	}
	sparse := sparseKeyList{Data: make([]map[string]json.RawMessage, len(keys)), Links: out.Links}
	for i, k := range out.Data {
		if sparse.Data[i], err = project(k, fields); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, sparse)
}

// sparseKeyList is an APIKeyList whose keys carry only the fields asked for (?fields=).
type sparseKeyList struct {
	Data  []map[string]json.RawMessage `json:"data"`
	Links Links                        `json:"links"`
}

// apiKey copies a key into its response shape.
func apiKey(k opencity.Key) APIKey {
	out := APIKey{Prefix: k.Prefix, Name: k.Name, Scopes: make([]string, len(k.Scopes)),
		CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, Revoked: k.Revoked(), RevokedAt: k.RevokedAt}
	for i, s := range k.Scopes {
		out.Scopes[i] = string(s)
	}
	return out
}
