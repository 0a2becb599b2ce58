package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	opencity.EINVALID:       http.StatusBadRequest,
	opencity.ENOTFOUND:      http.StatusNotFound,
	opencity.ECONFLICT:      http.StatusConflict,
	opencity.EGONE:          http.StatusGone,
	opencity.EUNPROCESSABLE: http.StatusUnprocessableEntity,
	opencity.EPRECONDITION:  http.StatusPreconditionFailed,
	opencity.ENEEDMATCH:     http.StatusPreconditionRequired,
	opencity.EMEDIATYPE:     http.StatusUnsupportedMediaType,
	opencity.EUNAUTHORIZED:  http.StatusUnauthorized,
	opencity.EFORBIDDEN:     http.StatusForbidden,
	opencity.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	opencity.ERATELIMITED:   http.StatusTooManyRequests,
	opencity.ENOTACCEPTABLE: http.StatusNotAcceptable,
	opencity.EUNAVAILABLE:   http.StatusServiceUnavailable,
	opencity.EINTERNAL:      http.StatusInternalServerError,
}

// problemTitles names each code for the title of a problem document.
var problemTitles = map[string]string{
	opencity.EINVALID:       "Invalid request",
	opencity.ENOTFOUND:      "Not found",
	opencity.ECONFLICT:      "Conflict",
	opencity.EGONE:          "Gone",
	opencity.EUNPROCESSABLE: "Unprocessable content",
	opencity.EPRECONDITION:  "Precondition failed",
	opencity.ENEEDMATCH:     "Precondition required",
	opencity.EMEDIATYPE:     "Unsupported media type",
	opencity.EUNAUTHORIZED:  "Unauthorized",
	opencity.EFORBIDDEN:     "Forbidden",
	opencity.ETOOLARGE:      "Content too large",
	opencity.ERATELIMITED:   "Too many requests",
	opencity.ENOTACCEPTABLE: "Not acceptable",
	opencity.EUNAVAILABLE:   "Service unavailable",
	opencity.EINTERNAL:      "Internal error",
}

// Problem is an error response (RFC 9457, application/problem+json).
type Problem struct {
	Type     string                `json:"type" example:"urn:opencity:problem:invalid"`       // URI naming the kind of problem.
	Title    string                `json:"title" example:"Invalid request"`                   // Short summary of the kind of problem.
	Status   int                   `json:"status" example:"400"`                              // HTTP status code.
	Detail   string                `json:"detail" example:"limit: must be between 1 and 500"` // What is wrong with this request.
	Instance string                `json:"instance" example:"req_5f2b9c0e8a1d4c7b"`           // The request id of this response.
	Errors   []opencity.FieldError `json:"errors,omitempty"`                                  // The parameters or fields at fault.
}

// problemFor turns any error into a problem document. Echo's own errors (unknown route, wrong
// method) keep their status; opencity errors get theirs from statusOf; anything else is an
// internal error whose details are logged, never shown.
func problemFor(err error, requestID string) Problem {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return Problem{Type: "about:blank", Title: http.StatusText(he.Code), Status: he.Code,
			Detail: httpErrorDetail(he), Instance: requestID}
	}
	code := opencity.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		code, status = opencity.EINTERNAL, http.StatusInternalServerError
	}
	return Problem{
		Type: "urn:opencity:problem:" + code, Title: problemTitles[code], Status: status,
		Detail: opencity.ErrorMessage(err), Instance: requestID, Errors: opencity.ErrorFields(err),
	}
}

func httpErrorDetail(he *echo.HTTPError) string {
	switch he.Code {
	case http.StatusNotFound:
		return "no resource at this path; GET /openapi.json lists every path"
	case http.StatusMethodNotAllowed:
		return "this path does not accept that method; the Allow header lists those it does"
	}
	if msg, ok := he.Message.(string); ok {
		return msg
	}
	return http.StatusText(he.Code)
}

// errorHandler writes every error as application/problem+json and logs internal ones.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := problemFor(err, requestID(c))
		if p.Status >= 500 {
			log.Error("internal error", "request_id", p.Instance, "method", c.Request().Method,
				"path", c.Request().URL.Path, "error", err)
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		var werr error
		if c.Request().Method == http.MethodHead {
			werr = c.NoContent(p.Status)
		} else {
			werr = c.JSON(p.Status, p)
		}
		if err := werr; err != nil {
			log.Warn("write problem", "request_id", p.Instance, "error", err)
		}
	}
}
