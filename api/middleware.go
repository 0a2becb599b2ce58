package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"

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
		AllowOrigins: []string{"*"},
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodOptions},
		ExposeHeaders: []string{requestIDHeader, "ETag", "Link", "Last-Modified",
			"WWW-Authenticate", "Retry-After", "RateLimit", "RateLimit-Policy"},
		MaxAge: 86400,
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

// logRequests logs one line per request: id, method, route, status, duration, and the public
// prefix of the API key that authenticated it, if any. It logs no header and no query string:
// never a key (the Authorization header is gone by then anyway; see authenticate).
func logRequests(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogMethod: true, LogRoutePath: true, LogURIPath: true, LogLatency: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []slog.Attr{slog.String("request_id", requestID(c)), slog.String("method", v.Method),
				slog.String("route", v.RoutePath), slog.String("path", v.URIPath),
				slog.Int("status", v.Status), slog.Duration("duration", v.Latency)}
			if k, ok := keyOf(c); ok {
				attrs = append(attrs, slog.String("key", k.Prefix))
			}
			log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request", attrs...)
			return nil
		},
	})
}

// withoutBody answers HEAD: the handler runs as for GET, its status and headers are sent, its
// body is not. (net/http drops it too; this makes HEAD body-less whatever serves the router.)
func withoutBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		res := c.Response()
		orig := res.Writer
		res.Writer = bodiless{orig}
		defer func() { res.Writer = orig }()
		return next(c)
	}
}

// bodiless is a response writer that discards the body.
type bodiless struct{ http.ResponseWriter }

func (b bodiless) Write(p []byte) (int, error) { return len(p), nil }

// Unwrap returns the writer underneath, for http.ResponseController.
func (b bodiless) Unwrap() http.ResponseWriter { return b.ResponseWriter }
