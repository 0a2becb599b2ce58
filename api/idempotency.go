package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header). A client that sends the
// header may retry the request safely: the first request with a key runs and its successful
// answer (2xx: status, body, Content-Type, Location, ETag) is kept for 24 hours
// (store.IdempotencyTTL); a retry with the same key and the same request (method, path,
// Content-Type and body) gets that answer again, with Idempotent-Replayed: true, and writes
// nothing. The same key with another request is 422; a retry while the first is still running
// is 409, for at most a minute (store.IdempotencyLease): a claim still in flight after that was
// left by a request that died with its process, and a retry with the same request takes the
// key over and runs afresh. A request that fails is not kept: its key is released, and a retry
// runs afresh. Expired keys are deleted whenever a request claims a key. Keys belong to the API
// key that sent them: two clients never share one.

// maxIdempotencyKey is the longest Idempotency-Key accepted.
const maxIdempotencyKey = 255

// replayedHeaders are the response headers a replay repeats.
var replayedHeaders = []string{echo.HeaderContentType, echo.HeaderLocation, "ETag"}

// idempotent is the middleware of POST routes that create records; it runs after
// requireScope and limitBody.
func (h *Handler) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		key := req.Header.Get("Idempotency-Key")
		if key == "" {
			return next(c)
		}
		if !validIdempotencyKey(key) || len(req.Header.Values("Idempotency-Key")) > 1 {
			return opencity.InvalidParameter("Idempotency-Key", "must be one value of 1 to 255 printable ASCII characters")
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return tooLarge(maxRecordBody) // the one way reading a limited body fails here
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		prefix := writerOf(c).KeyPrefix
		claim, replay, err := h.store.BeginIdempotent(req.Context(), prefix, key, requestHash(req, body))
		if err != nil {
			return err
		}
		if replay != nil {
			hdr := c.Response().Header()
			for name, v := range replay.Headers {
				hdr.Set(name, v)
			}
			hdr.Set("Idempotent-Replayed", "true")
			c.Response().WriteHeader(replay.Status)
			_, err := c.Response().Write(replay.Body)
			return err
		}
		return h.runIdempotent(c, next, claim)
	}
}

// runIdempotent runs the request that holds claim and keeps its answer, or releases the key.
func (h *Handler) runIdempotent(c echo.Context, next echo.HandlerFunc, claim opencity.IdempotencyClaim) error {
	ctx := context.WithoutCancel(c.Request().Context())
	res := c.Response()
	tee := &teeWriter{ResponseWriter: res.Writer}
	res.Writer = tee
	kept := false
	defer func() {
		res.Writer = tee.ResponseWriter
		if !kept {
			if err := h.store.ReleaseIdempotent(ctx, claim); err != nil {
				h.log.Warn("release idempotency key", "request_id", requestID(c), "error", err)
			}
		}
	}()
	if err := next(c); err != nil {
		return err
	}
	if res.Status < 200 || res.Status >= 300 {
		return nil
	}
	stored := opencity.StoredResponse{Status: res.Status, Body: tee.buf.Bytes(), Headers: map[string]string{}}
	for _, name := range replayedHeaders {
		if v := res.Header().Get(name); v != "" {
			stored.Headers[name] = v
		}
	}
	if err := h.store.FinishIdempotent(ctx, claim, stored); err != nil {
		h.log.Warn("keep idempotent response", "request_id", requestID(c), "error", err)
		return nil
	}
	kept = true
	return nil
}

func validIdempotencyKey(key string) bool {
	if len(key) > maxIdempotencyKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// requestHash names a request for Idempotency-Key: method, path, Content-Type and body.
func requestHash(req *http.Request, body []byte) string {
	h := sha256.New()
	for _, s := range []string{req.Method, req.URL.Path, req.Header.Get(echo.HeaderContentType)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// teeWriter copies what is written to the response.
type teeWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (w *teeWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	return w.ResponseWriter.Write(p)
}

func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
