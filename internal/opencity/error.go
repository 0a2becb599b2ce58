package opencity

import (
	"errors"
	"fmt"
)

// Error codes. The API maps each to one HTTP status (api/errors.go); the store and the
// domain return only these.
const (
	EINVALID       = "invalid"        // a parameter or body is malformed or out of range
	ENOTFOUND      = "not_found"      // the record does not exist
	ECONFLICT      = "conflict"       // the write conflicts with a record that exists
	EGONE          = "gone"           // the record existed and was deleted (a tombstone)
	EUNPROCESSABLE = "unprocessable"  // a well-formed body whose values are refused (validation)
	EPRECONDITION  = "precondition"   // If-Match names a version that is no longer current
	ENEEDMATCH     = "need_if_match"  // the write needs If-Match with the record's ETag
	EMEDIATYPE     = "media_type"     // the body is not in a Content-Type the endpoint takes
	EUNAUTHORIZED  = "unauthorized"   // no valid API key was presented where one is needed
	EFORBIDDEN     = "forbidden"      // the API key lacks the scope the operation needs
	ETOOLARGE      = "too_large"      // the request body exceeds the limit of the endpoint
	ERATELIMITED   = "rate_limited"   // the client has used up its request budget for now
	ENOTACCEPTABLE = "not_acceptable" // no representation matches the Accept header
	EUNAVAILABLE   = "unavailable"    // the service cannot answer now (database down)
	EINTERNAL      = "internal"       // a fault of the service; details are logged, never shown
)

// Error is an error with a code and a message that is safe to show to a client.
type Error struct {
	Code    string       // one of the E* codes
	Message string       // user-safe explanation
	Fields  []FieldError // the parameters or fields at fault, where there are some
}

// FieldError names one parameter or body field at fault and why.
type FieldError struct {
	Parameter string `json:"parameter,omitempty" example:"limit"` // Query or path parameter at fault.
	Pointer   string `json:"pointer,omitempty" example:"/name"`   // JSON pointer to the body field at fault.
	Reason    string `json:"reason" example:"out of range"`       // Why the value was refused.
}

func (e *Error) Error() string { return fmt.Sprintf("opencity: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidParameter returns an EINVALID error naming the query parameter and the reason.
func InvalidParameter(name, reason string) *Error {
	return &Error{
		Code:    EINVALID,
		Message: fmt.Sprintf("%s: %s", name, reason),
		Fields:  []FieldError{{Parameter: name, Reason: reason}},
	}
}

// ErrorCode returns the code of err: its *Error's code, EINTERNAL for any other error, and ""
// for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; "internal error" for anything that is not
// an *Error.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the field errors of err, if it is an *Error that has any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
