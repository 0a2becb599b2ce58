package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/opencity/opencity/internal/opencity"
)

// requestIDHeader carries the id of every request and response.
const requestIDHeader = "Request-Id"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

func useMiddleware(e *echo.Echo, log *slog.Logger) {
	e.Use(assignRequestID, recoverPanics(log), logRequests(log))
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins:  []string{"*"},
		AllowMethods:  []string{http.MethodGet, http.MethodOptions},
		ExposeHeaders: []string{requestIDHeader, "ETag", "Link", "Last-Modified"},
		MaxAge:        86400,
	}))
}

// assignRequestID takes a well-formed Request-Id from the request, or makes one, and sets it on
// the response.
func assignRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(requestIDHeader)
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 12)
			_, _ = rand.Read(b)
			id = "req_" + hex.EncodeToString(b)
		}
		c.Set(requestIDHeader, id)
		c.Response().Header().Set(requestIDHeader, id)
		return next(c)
	}
}

// requestID returns the id assigned to the request.
func requestID(c echo.Context) string {
	id, _ := c.Get(requestIDHeader).(string)
	return id
}

// recoverPanics turns a panic in a handler into a logged internal error.
func recoverPanics(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll:   true,
		DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.Error("panic", "request_id", requestID(c), "error", err, "stack", string(stack))
			return opencity.Errorf(opencity.EINTERNAL, "panic")
		},
	})
}

// logRequests logs one line per request: id, method, route, status, duration.
func logRequests(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogMethod: true, LogRoutePath: true, LogURIPath: true, LogLatency: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
				slog.String("request_id", requestID(c)), slog.String("method", v.Method),
				slog.String("route", v.RoutePath), slog.String("path", v.URIPath),
				slog.Int("status", v.Status), slog.Duration("duration", v.Latency))
			return nil
		},
	})
}

// acceptJSON refuses, with 406, a request whose Accept header admits no JSON.
func acceptJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !accepts(c.Request().Header.Get(echo.HeaderAccept), "application/json") {
			return opencity.Errorf(opencity.ENOTACCEPTABLE, "this resource is served as application/json only")
		}
		return next(c)
	}
}

// accepts reports whether the Accept header admits the media type mime (type/subtype).
// An empty header admits everything; a range with q=0 admits nothing.
func accepts(header, mime string) bool {
	if strings.TrimSpace(header) == "" {
		return true
	}
	typ, _, _ := strings.Cut(mime, "/")
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		rng := strings.ToLower(strings.TrimSpace(fields[0]))
		if zeroQuality(fields[1:]) {
			continue
		}
		if rng == "*/*" || rng == mime || rng == typ+"/*" {
			return true
		}
	}
	return false
}

// zeroQuality reports whether the media-range parameters hold q=0.
func zeroQuality(params []string) bool {
	for _, p := range params {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(name, "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			return err == nil && q == 0
		}
	}
	return false
}
