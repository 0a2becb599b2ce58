package api

import (
	"context"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// keyStore is what authentication and the key routes need from the store.
type keyStore interface {
	Authenticate(ctx context.Context, presented string) (opencity.Key, error)
	ListKeys(ctx context.Context) ([]opencity.Key, error)
}

// authRealm is the realm of every Bearer challenge (RFC 6750, section 3).
const authRealm = `Bearer realm="opencity"`

// authContextKey is where authenticate leaves its authResult in the echo.Context.
const authContextKey = "opencity.auth"

// authResult is what authenticate found in the request.
type authResult struct {
	key       *opencity.Key // the key, when a valid one was presented
	presented bool          // an Authorization: Bearer credential was sent, valid or not
	err       error         // why the presented key was refused (EUNAUTHORIZED, or a store fault)
}

// authenticate resolves an `Authorization: Bearer <key>` header into the key it names, for
// requireScope, the rate limiter and the request log, and then removes the header from the
// request, so that nothing further down can log or echo it. It refuses nothing itself: public
// reads stay anonymous, and a read with a key that does not work is served, as anonymous, like
// any other (a write is refused by requireScope). Keys are taken from that header only, never
// from the query or a cookie.
func authenticate(keys keyStore) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			values := req.Header.Values(echo.HeaderAuthorization)
			if len(values) == 0 {
				return next(c)
			}
			req.Header.Del(echo.HeaderAuthorization)
			res := &authResult{}
			c.Set(authContextKey, res)
			token, ok := bearerToken(values)
			if !ok {
				return next(c)
			}
			res.presented = true
			key, err := keys.Authenticate(req.Context(), token)
			if err != nil {
				res.err = err
				return next(c)
			}
			res.key = &key
			return next(c)
		}
	}
}

// bearerToken returns the credential of a single `Bearer <token>` Authorization header (the
// scheme is case-insensitive, RFC 9110 section 11.1), and false for any other scheme or for
// more than one Authorization header.
func bearerToken(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(values[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// authOf returns what authenticate found; the zero authResult when no Authorization was sent.
func authOf(c echo.Context) authResult {
	if res, ok := c.Get(authContextKey).(*authResult); ok {
		return *res
	}
	return authResult{}
}

// keyOf returns the key that authenticated the request, if one did.
func keyOf(c echo.Context) (opencity.Key, bool) {
	if k := authOf(c).key; k != nil {
		return *k, true
	}
	return opencity.Key{}, false
}

// requireScope lets a request through only with a valid key that holds scope. Without a key,
// or with a key that is malformed, unknown or revoked, it answers 401 with a Bearer challenge
// (error="invalid_token" when a key was presented); with a key that lacks the scope, 403
// (error="insufficient_scope"). Its answers, and those of the routes it guards, are never
// stored by caches.
func requireScope(scope opencity.Scope) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set(echo.HeaderCacheControl, "no-store")
			res := authOf(c)
			switch {
			case res.key != nil && res.key.Has(scope):
				return next(c)
			case res.key != nil:
				h.Set(echo.HeaderWWWAuthenticate, authRealm+`, error="insufficient_scope", scope="`+string(scope)+`"`)
				return opencity.Errorf(opencity.EFORBIDDEN, "this operation needs a key with the %s scope", scope)
			case res.err != nil && opencity.ErrorCode(res.err) != opencity.EUNAUTHORIZED:
				return res.err // the store failed: an internal error, not the client's
			case res.presented:
				h.Set(echo.HeaderWWWAuthenticate, authRealm+`, error="invalid_token"`)
				return opencity.Errorf(opencity.EUNAUTHORIZED, "the API key is not valid: it is malformed, unknown or revoked")
			}
			h.Set(echo.HeaderWWWAuthenticate, authRealm)
			return opencity.Errorf(opencity.EUNAUTHORIZED,
				"this operation needs an API key with the %s scope, sent as Authorization: Bearer <key>", scope)
		}
	}
}
