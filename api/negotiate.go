package api

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/format"
	"github.com/opencity/opencity/internal/opencity"
)

// mediaFormat is a representation the API can serve: its name in ?format= and in export file
// names, its media type (type/subtype) and the Content-Type it is served with.
type mediaFormat struct {
	name        string
	mime        string
	contentType string
}

var (
	formatJSON   = mediaFormat{"json", echo.MIMEApplicationJSON, echo.MIMEApplicationJSON}
	formatCSV    = mediaFormat{"csv", "text/csv", format.CSVMediaType}
	formatNDJSON = mediaFormat{"ndjson", format.NDJSONMediaType, format.NDJSONMediaType}
)

// Formats each kind of route offers, in the order of preference when Accept weighs them alike.
var (
	listFormats = []mediaFormat{formatJSON, formatCSV, formatNDJSON}
	itemFormats = []mediaFormat{formatJSON}
)

// formatKey is where the negotiated format is kept in the request context.
const formatKey = "opencity.format"

// formatOf returns the format negotiated for the request; JSON when there was no negotiation.
func formatOf(c echo.Context) mediaFormat {
	if f, ok := c.Get(formatKey).(mediaFormat); ok {
		return f
	}
	return formatJSON
}

// negotiator chooses the format of a response, or returns the error to answer with.
type negotiator func(c echo.Context) (mediaFormat, error)

// byQueryOrAccept chooses among offers: the format query parameter, when the route takes it
// (lists do), wins, so that a link can name a format; otherwise the Accept header, weighed by
// its q-values; an empty Accept gets the first offer. It returns EINVALID naming format for an
// unknown or repeated format, ENOTACCEPTABLE listing the offers when Accept admits none of
// them.
func byQueryOrAccept(offers []mediaFormat, queryParam bool) negotiator {
	return func(c echo.Context) (mediaFormat, error) {
		if queryParam {
			f, ok, err := formatParam(c.Request().URL.RawQuery, offers)
			if ok || err != nil {
				return f, err
			}
		}
		return byAccept(c.Request().Header.Get(echo.HeaderAccept), offers)
	}
}

// formatParam reads ?format=. A malformed query is left to the handler, which refuses it; an
// empty value counts as absent.
func formatParam(rawQuery string, offers []mediaFormat) (mediaFormat, bool, error) {
	if !strings.Contains(rawQuery, "format") && !strings.Contains(rawQuery, "%") {
		return mediaFormat{}, false, nil
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return mediaFormat{}, false, nil
	}
	values := q["format"]
	switch {
	case len(values) > 1:
		return mediaFormat{}, false, opencity.InvalidParameter("format", "given more than once")
	case len(values) == 0 || values[0] == "":
		return mediaFormat{}, false, nil
	}
	for _, f := range offers {
		if values[0] == f.name {
			return f, true, nil
		}
	}
	return mediaFormat{}, false, opencity.InvalidParameter("format", "must be one of "+formatNames(offers))
}

// byAccept returns the offer the Accept header prefers, or ENOTACCEPTABLE.
func byAccept(accept string, offers []mediaFormat) (mediaFormat, error) {
	if strings.TrimSpace(accept) == "" {
		return offers[0], nil
	}
	best, bestQ := -1, 0.0
	for i, f := range offers {
		if q := quality(accept, f.mime); q > bestQ {
			best, bestQ = i, q
		}
	}
	if best < 0 {
		return mediaFormat{}, notAcceptable(offers)
	}
	return offers[best], nil
}

// notAcceptable is the error for an Accept header that admits none of offers.
func notAcceptable(offers []mediaFormat) error {
	types := make([]string, len(offers))
	for i, f := range offers {
		types[i] = f.mime
	}
	return opencity.Errorf(opencity.ENOTACCEPTABLE,
		"the Accept header admits none of the media types this resource is served as: %s", strings.Join(types, ", "))
}

// quality returns the q-value the Accept header gives the media type mime (type/subtype): that
// of the most specific range that matches it (type/subtype, then type/*, then */*), 0 when none
// does. A q-value that does not parse counts as 1.
func quality(accept, mime string) float64 {
	typ, _, _ := strings.Cut(mime, "/")
	q, specificity := 0.0, 0
	for part := range strings.SplitSeq(accept, ",") {
		fields := strings.Split(part, ";")
		rng := strings.ToLower(strings.TrimSpace(fields[0]))
		s := 0
		switch rng {
		case mime:
			s = 3
		case typ + "/*":
			s = 2
		case "*/*":
			s = 1
		}
		if s > specificity {
			q, specificity = qValue(fields[1:]), s
		}
	}
	return q
}

// qValue returns the q parameter among the parameters of a media range; 1 when absent.
func qValue(params []string) float64 {
	for _, p := range params {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(name), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			if err != nil || q > 1 {
				return 1
			}
			return max(q, 0)
		}
	}
	return 1
}

func formatNames(offers []mediaFormat) string {
	names := make([]string, len(offers))
	for i, f := range offers {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}
