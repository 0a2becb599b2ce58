package api

import (
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/opencity/opencity/docs"
	"github.com/opencity/opencity/internal/opencity"
)

// HTTP caching of every GET and HEAD under /v1.
//
// A 200 response carries a strong ETag derived from the data version and the representation
// (the API build, the path, the query in canonical order, the negotiated format and the
// content coding), Last-Modified (when the data last changed), Cache-Control (cacheControl) and
// Vary. A request whose If-None-Match names the current ETag gets 304 Not Modified without a
// body and without a database query (the version is held in memory, see Versions); without
// If-None-Match, If-Modified-Since is honoured the same way. Encoded 200 responses are kept in
// an LRU cache keyed by their ETag, so a repeated request writes stored bytes without running
// its handler. A change of data bumps the version, which changes every ETag: entries of the old
// version are never served again and age out of the cache. Errors are never cached and carry
// no validators.

// cacheControl lets any cache keep a representation for a minute; after that a client
// revalidates with If-None-Match, which costs the server no database query.
const cacheControl = "public, max-age=60"

// vary names the request headers a representation depends on.
const vary = "Accept, Accept-Encoding, Origin"

// gzipMinLength is the smallest body that is gzipped: below it, compression saves too little.
const gzipMinLength = 1024

// Where the data version and the representation of the request are kept in its context.
const (
	versionKey        = "opencity.version"
	representationKey = "opencity.representation"
)

// buildID names the code that encodes representations, so that a deploy that changes them also
// changes every ETag: the hash of the API document and, when the binary records it, the VCS
// revision it was built from.
var buildID = func() string {
	h := sha256.New()
	h.Write(docs.JSON)
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				h.Write([]byte(s.Key + "=" + s.Value + "\n"))
			}
		}
	}
	return string(h.Sum(nil))
}()

// representation is what names one response: its ETag and when its data last changed.
type representation struct {
	tag      string
	modified time.Time
}

// served returns rep with the ETag e is served with: that of the data version, prefixed for a
// record of a writable collection with the record's version ("v3." + tag, see write.go), which
// is the part If-Match compares.
func (rep representation) served(e *entry) representation {
	if e.etag != "" {
		rep.tag = e.etag
	}
	return rep
}

// etag returns the strong ETag of the representation of path?query (canonical) in format f and
// content coding enc at data version n: "<n>-<hash>".
func etag(n int64, path, query string, f mediaFormat, enc string) string {
	h := sha256.New()
	for _, s := range []string{buildID, path, query, f.name, enc} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return `"` + strconv.FormatInt(n, 10) + "-" + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:15]) + `"`
}

// canonicalQuery returns the query with its parameters in sorted order, and false when it does
// not parse (the handler refuses it).
func canonicalQuery(raw string) (string, bool) {
	if raw == "" {
		return "", true
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "", false
	}
	return q.Encode(), true
}

// acceptsGzip reports whether the Accept-Encoding header admits gzip (or x-gzip), by name or
// by "*", with a q-value above 0.
func acceptsGzip(header string) bool {
	q, named := 0.0, false
	for part := range strings.SplitSeq(header, ",") {
		fields := strings.Split(part, ";")
		switch strings.ToLower(strings.TrimSpace(fields[0])) {
		case "gzip", "x-gzip":
			q, named = qValue(fields[1:]), true
		case "*":
			if !named {
				q = qValue(fields[1:])
			}
		}
	}
	return q > 0
}

// represent is the middleware of every GET and HEAD route under /v1: it negotiates the format
// with choose and answers from the validators and the cache where it can; otherwise it runs the
// handler, keeps its 200 response (when keep is set and it is not too large to keep) and
// writes it, gzipped where that is asked for and worth it.
func (h *Handler) represent(choose negotiator, keep bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderVary, vary)
			f, err := choose(c)
			if err != nil {
				return err
			}
			c.Set(formatKey, f)
			req := c.Request()
			query, ok := canonicalQuery(req.URL.RawQuery)
			if !ok {
				return next(c)
			}
			v, err := h.versions.Get(req.Context())
			if err != nil {
				h.log.Warn("read data version; serving without validators", "request_id", requestID(c), "error", err)
				return next(c)
			}
			c.Set(versionKey, v)
			enc := ""
			if acceptsGzip(req.Header.Get(echo.HeaderAcceptEncoding)) {
				enc = "gzip"
			}
			rep := representation{tag: etag(v.Number, req.URL.Path, query, f, enc), modified: v.Modified}
			c.Set(representationKey, rep)
			if notModified(req, rep, false) {
				return writeNotModified(c, rep)
			}
			e, ok := h.cache.get(rep.tag)
			if !ok && enc == "gzip" {
				e, ok = h.gzipCached(rep, etag(v.Number, req.URL.Path, query, f, ""))
			}
			if !ok {
				return h.miss(c, next, rep, enc, keep)
			}
			rep = rep.served(e)
			if notModified(req, rep, true) {
				return writeNotModified(c, rep)
			}
			return writeEntry(c, rep, e)
		}
	}
}

// private is the middleware of a GET route that answers its caller only (one behind an access
// check): it negotiates the format with choose and forbids every cache to keep the response.
// Such a response depends on more than the data version (a key's scopes, keys made or revoked),
// so it carries no validators and is never kept here either.
func (h *Handler) private(choose negotiator) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			hdr := c.Response().Header()
			hdr.Set(echo.HeaderVary, vary+", Authorization")
			hdr.Set(echo.HeaderCacheControl, "no-store")
			f, err := choose(c)
			if err != nil {
				return err
			}
			c.Set(formatKey, f)
			return next(c)
		}
	}
}

// gzipCached makes the gzip entry of rep from the cached identity entry of the same
// representation (plainTag), if there is one: compressing is cheaper than running the handler.
func (h *Handler) gzipCached(rep representation, plainTag string) (*entry, bool) {
	plain, ok := h.cache.get(plainTag)
	if !ok || plain.encoding != "" {
		return nil, false
	}
	e := &entry{tag: rep.tag, etag: plain.etag, contentType: plain.contentType, link: plain.link, body: plain.body}
	if len(plain.body) >= gzipMinLength {
		e.body, e.encoding = gzipBytes(plain.body), "gzip"
	}
	h.cache.add(e)
	return e, true
}

// miss runs the handler with its response captured, then writes it (and keeps it, if keep).
// A response too large to keep, or one the handler flushes (an export), is streamed instead.
func (h *Handler) miss(c echo.Context, next echo.HandlerFunc, rep representation, enc string, keep bool) error {
	res := c.Response()
	w := newCapture(res.Writer, rep, enc, c.Request().Method == http.MethodHead, h.cache.maxEntry())
	err := func() error {
		res.Writer = w
		defer func() { res.Writer = w.orig }() // also when the handler panics
		return next(c)
	}()
	if err != nil {
		if w.streaming {
			h.abort(c, err)
		}
		putBuffer(w.buf)
		return err
	}
	if w.streaming {
		putBuffer(w.buf)
		return w.close()
	}
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	if status != http.StatusOK {
		defer putBuffer(w.buf)
		return writeResponse(c, status, w.buf.Bytes())
	}
	hdr := res.Header()
	e := &entry{tag: rep.tag, etag: recordTag(c, rep.tag), contentType: hdr.Get(echo.HeaderContentType), link: hdr.Get("Link"), body: w.buf.Bytes()}
	if enc == "gzip" && len(e.body) >= gzipMinLength {
		e.body, e.encoding = gzipBytes(e.body), "gzip"
	}
	if !keep || !h.cache.add(e) || e.encoding == "gzip" {
		defer putBuffer(w.buf) // the entry does not hold the buffer's bytes
	}
	rep = rep.served(e)
	if notModified(c.Request(), rep, true) {
		return writeNotModified(c, rep)
	}
	return writeEntry(c, rep, e)
}

// abort ends a response that failed after its status line and part of its body were sent: a
// problem document cannot follow, so the connection is cut and the client sees a truncated
// response rather than one that looks complete.
func (h *Handler) abort(c echo.Context, err error) {
	level := slog.LevelError
	if c.Request().Context().Err() != nil {
		level = slog.LevelInfo // the client went away
	}
	h.log.Log(c.Request().Context(), level, "response cut short while streaming", "request_id", requestID(c),
		"path", c.Request().URL.Path, "error", err)
	panic(http.ErrAbortHandler)
}

// notModified reports whether the client's copy is current: If-None-Match names the ETag, or,
// without If-None-Match and when ims is set, If-Modified-Since is not before the last change.
// If-Modified-Since is weighed only for a representation known to exist (ims): the client
// cannot have a copy of a request that fails.
func notModified(req *http.Request, rep representation, ims bool) bool {
	if inm := req.Header.Get("If-None-Match"); inm != "" {
		return etagListed(inm, rep.tag)
	}
	if !ims || rep.modified.IsZero() {
		return false
	}
	since, err := http.ParseTime(req.Header.Get("If-Modified-Since"))
	return err == nil && !rep.modified.Truncate(time.Second).After(since)
}

// etagListed reports whether an If-None-Match header lists tag (weak comparison, RFC 9110
// 13.1.2). "*" matches nothing here: it asks whether any representation exists, which a GET
// answers with the representation itself.
func etagListed(header, tag string) bool {
	for candidate := range strings.SplitSeq(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(candidate), "W/") == tag {
			return true
		}
	}
	return false
}

// setValidators sets the headers that describe a 200 or 304 response for caches.
func setValidators(hdr http.Header, rep representation) {
	hdr.Set(echo.HeaderCacheControl, cacheControl)
	hdr.Set("ETag", rep.tag)
	if !rep.modified.IsZero() {
		hdr.Set(echo.HeaderLastModified, rep.modified.UTC().Format(http.TimeFormat))
	}
}

// writeNotModified answers 304 with the validators and no body.
func writeNotModified(c echo.Context, rep representation) error {
	setValidators(c.Response().Header(), rep)
	return writeResponse(c, http.StatusNotModified, nil)
}

// writeEntry writes a cached response; HEAD gets its headers only.
func writeEntry(c echo.Context, rep representation, e *entry) error {
	res := c.Response()
	hdr := res.Header()
	setValidators(hdr, rep)
	hdr.Set(echo.HeaderContentType, e.contentType)
	if e.encoding != "" {
		hdr.Set(echo.HeaderContentEncoding, e.encoding)
	}
	if e.link != "" {
		hdr.Set("Link", e.link)
	}
	hdr.Set(echo.HeaderContentLength, strconv.Itoa(len(e.body)))
	return writeResponse(c, http.StatusOK, e.body)
}

// writeResponse sends the status and body (none for HEAD). After a handler wrote to a capture,
// Echo's response counts as sent already, so the status line goes to the writer underneath.
func writeResponse(c echo.Context, status int, body []byte) error {
	res := c.Response()
	if c.Request().Method == http.MethodHead {
		body = nil
	}
	if !res.Committed {
		res.WriteHeader(status)
		if len(body) == 0 {
			return nil
		}
		_, err := res.Write(body)
		return err
	}
	res.Status = status
	res.Writer.WriteHeader(status)
	if len(body) == 0 {
		return nil
	}
	n, err := res.Writer.Write(body)
	res.Size = int64(n)
	return err
}

// notModifiedSince answers 304 for a request whose handler has checked it, when If-Modified-Since
// shows the client's copy current; it reports whether it did. A handler that streams (and so
// is not answered from a complete response) calls it before it writes.
func notModifiedSince(c echo.Context) (bool, error) {
	rep, ok := c.Get(representationKey).(representation)
	if !ok || !notModified(c.Request(), rep, true) {
		return false, nil
	}
	return true, writeNotModified(c, rep)
}

// versionOf returns the data version the request is answered at, if the middleware read it.
func versionOf(c echo.Context) (opencity.DataVersion, bool) {
	v, ok := c.Get(versionKey).(opencity.DataVersion)
	return v, ok
}
