// Package api is OpenCity's HTTP layer: the Echo router, its middleware, the error handler
// and one file of handlers per resource. It is the only package that imports Echo.
//
//	@title						OpenCity API
//	@version					1.0
//	@description				Open data on cities' capacity to innovate: strategies, roles, funding, data partnerships and smart-city projects, every fact with its source. Lists are keyset-paged: follow links.next, or the Link header's rel="next". Lists are served as JSON, CSV (text/csv) or NDJSON (application/x-ndjson), chosen by Accept or by ?format=, which wins; records as JSON; whole collections as files under /v1/exports/. Every GET under /v1 also answers HEAD, and OPTIONS with Allow; CORS admits any origin, without credentials. Responses under /v1 carry a strong ETag (derived from the data version and the representation), Last-Modified (when the data last changed) and Cache-Control: public, max-age=60; send If-None-Match (or If-Modified-Since) to revalidate and get 304 Not Modified. Bodies of 1 KB and more are gzipped when Accept-Encoding admits gzip. Errors are application/problem+json (RFC 9457). Every response carries a Request-Id header.
//	@contact.name				OpenCity
//	@license.name				Data: see each source's licence
//	@BasePath					/
//	@tag.name					cities
//	@tag.description			Cities, their populations and everything their seed documents state.
//	@tag.name					survey
//	@tag.description			The Survey on Innovation Capacity in Cities: waves, responses, answers, published figures.
//	@tag.name					vocabularies
//	@tag.description			Concept schemes and their concepts: policy areas, roles, activities, funding.
//	@tag.name					partnerships
//	@tag.description			Organisations and data partnerships.
//	@tag.name					projects
//	@tag.description			Smart-city projects, cities' roles in them, participation formats, initiatives, media.
//	@tag.name					administration
//	@tag.description			Cities' organisational units, their history and responsibilities.
//	@tag.name					sources
//	@tag.description			The documents every fact comes from.
//	@tag.name					exports
//	@tag.description			Whole collections as CSV or NDJSON files, streamed.
//	@tag.name					service
//	@tag.description			Health, readiness and the API description.
//	@tag.name					sync
//	@tag.description			The change feed and the audit log: every accepted write, in commit order.
//	@tag.name					keys
//	@tag.description			API keys, for the operations that need one (public reads need none).
//
//	@securityDefinitions.apikey	bearerAuth
//	@in							header
//	@name						Authorization
//	@description				An OpenCity API key, sent as Authorization: Bearer oc_<prefix>_<secret>. Operations say which scope they need (read:private, write, import, admin); keys are made with `opencity keys create`.
package api

import (
	"context"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// Handler holds what the handlers need: the store, the cursor codec, the data version, the
// representation cache, the collections that can be exported and the import jobs running.
type Handler struct {
	store    Store
	cursors  *opencity.CursorCodec
	versions *Versions
	cache    *lru // representations (cache.go)
	records  *lru // encoded records (recordcache.go)
	// exportFiles keeps finished exports (exportcache.go); nil: none are kept.
	exportFiles *exportFiles
	exports     map[string]collection
	log         *slog.Logger
	jobs        *importJobs
}

// Options configure the API.
type Options struct {
	Logger     *slog.Logger // where request and error logs go
	CursorKey  []byte       // secret that signs paging cursors
	RateLimits RateLimits   // request budgets; the zero value limits nothing
	// Versions caches the data version; nil makes one over the store with VersionTTL. Pass
	// your own to call its Invalidate after a write.
	Versions   *Versions
	VersionTTL time.Duration // how long the data version is trusted (0: DefaultVersionTTL)
	CacheBytes int64         // bound of the cache of encoded responses (0: DefaultCacheBytes; < 0: none)
	// RecordCacheBytes bounds the cache of encoded records (0: DefaultRecordCacheBytes; < 0: none).
	RecordCacheBytes int64
	// ExportDir is a directory of this process's own where finished exports are kept, to be
	// copied again while the data version holds; "" keeps none.
	ExportDir string
}

// readiness is what /readyz asks of the store.
type readiness interface {
	Ready(ctx context.Context) error
}

// New returns the router of the whole API, with its middleware and error handler.
func New(store Store, opts Options) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	e.HTTPErrorHandler = errorHandler(opts.Logger)
	if opts.Versions == nil {
		opts.Versions = NewVersions(store, opts.VersionTTL)
	}
	h := &Handler{
		store: store, cursors: opencity.NewCursorCodec(opts.CursorKey), versions: opts.Versions,
		cache: newLRU(opts.CacheBytes, DefaultCacheBytes), records: newLRU(opts.RecordCacheBytes, DefaultRecordCacheBytes),
		log: opts.Logger, jobs: newImportJobs(),
	}
	h.exports = exports(h)
	if opts.ExportDir != "" {
		h.exportFiles = &exportFiles{dir: opts.ExportDir}
	}
	useMiddleware(e, opts.Logger)
	e.Use(authenticate(store), limitRate(opts.RateLimits))
	routes(e, h)
	return e
}
