package api

import (
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	swaggerfiles "github.com/swaggo/files/v2"

	"github.com/opencity/opencity/docs"
)

// The API description: the OpenAPI document at /openapi.yaml and /openapi.json, and a
// human-readable reference at /docs, rendered by Swagger UI from files built into the binary,
// so it works without internet access.

// static is a file served from memory, with a strong ETag so that clients can revalidate it.
type static struct {
	contentType string
	body        []byte
	etag        string
}

func newStatic(contentType string, body []byte) static {
	sum := sha256.Sum256(body)
	return static{contentType: contentType, body: body,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
}

var (
	specYAMLFile = newStatic("application/yaml", docs.YAML)
	specJSONFile = newStatic(echo.MIMEApplicationJSON, docs.JSON)
	docsPageFile = newStatic(echo.MIMETextHTMLCharsetUTF8, []byte(docsHTML))
	docsAssetSet = swaggerUIAssets()
)

// Cache lifetimes: the spec may change with a deploy, the assets only with a Swagger UI upgrade;
// the ETag makes revalidation cheap in both cases.
const (
	specCacheControl  = "public, max-age=300"
	assetCacheControl = "public, max-age=86400"
)

// specYAML serves the OpenAPI document as YAML.
func specYAML(c echo.Context) error { return serveStatic(c, specYAMLFile, specCacheControl) }

// specJSON serves the OpenAPI document as JSON.
func specJSON(c echo.Context) error { return serveStatic(c, specJSONFile, specCacheControl) }

// docsPage serves the API reference page, which loads Swagger UI from /docs/ and the document
// from /openapi.json.
func docsPage(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderContentSecurityPolicy, docsCSP)
	return serveStatic(c, docsPageFile, specCacheControl)
}

// docsAssets serves the files of the reference page under /docs/. Only the names in a fixed
// table are served, so no path can reach anything else; any other name is 404. /docs/ itself
// redirects to /docs.
func docsAssets(c echo.Context) error {
	name := c.Param("*")
	if name == "" {
		return c.Redirect(http.StatusMovedPermanently, "../docs")
	}
	f, ok := docsAssetSet[name]
	if !ok {
		return echo.ErrNotFound
	}
	return serveStatic(c, f, assetCacheControl)
}

// serveStatic writes f, or 304 Not Modified when the request's If-None-Match names its ETag.
func serveStatic(c echo.Context, f static, cacheControl string) error {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, cacheControl)
	h.Set("ETag", f.etag)
	h.Set(echo.HeaderXContentTypeOptions, "nosniff")
	if etagMatches(c.Request().Header.Get("If-None-Match"), f.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(f.body)))
	return c.Blob(http.StatusOK, f.contentType, f.body)
}

// etagMatches reports whether an If-None-Match header lists etag (weak comparison) or is "*".
func etagMatches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}

// swaggerUIFiles are the files of github.com/swaggo/files/v2 the reference page uses, with
// their media types. Its index.html and swagger-initializer.js are left out: they point at
// the Swagger petstore; docsInitJS replaces them.
var swaggerUIFiles = map[string]string{
	"swagger-ui.css":           "text/css; charset=utf-8",
	"swagger-ui.css.map":       echo.MIMEApplicationJSON,
	"swagger-ui-bundle.js":     "text/javascript; charset=utf-8",
	"swagger-ui-bundle.js.map": echo.MIMEApplicationJSON,
	"favicon-16x16.png":        "image/png",
	"favicon-32x32.png":        "image/png",
}

// swaggerUIAssets loads the files under /docs/ once, at start-up. A file missing from the
// module is a build defect, so it panics.
func swaggerUIAssets() map[string]static {
	assets := map[string]static{
		"opencity.js":  newStatic("text/javascript; charset=utf-8", []byte(docsInitJS)),
		"opencity.css": newStatic("text/css; charset=utf-8", []byte(docsCSS)),
	}
	for name, contentType := range swaggerUIFiles {
		body, err := fs.ReadFile(swaggerfiles.FS, name)
		if err != nil {
			panic("api: swagger-ui asset " + name + ": " + err.Error())
		}
		assets[name] = newStatic(contentType, body)
	}
	return assets
}

// docsCSP lets the reference page load only what the binary serves. Swagger UI sets inline
// styles and uses data: URIs for its icons.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'"

// docsHTML is the reference page. Every URL in it is relative: /docs loads docs/...; the
// document itself, openapi.json, is fetched by docsInitJS.
const docsHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OpenCity API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="stylesheet" href="docs/opencity.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="docs/favicon-16x16.png" sizes="16x16">
</head>
<body>
<noscript>
<p>This reference needs JavaScript. The OpenAPI document itself is at
<a href="openapi.yaml">openapi.yaml</a> and <a href="openapi.json">openapi.json</a>.</p>
</noscript>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js" charset="utf-8"></script>
<script src="docs/opencity.js" charset="utf-8"></script>
</body>
</html>
`

// docsInitJS starts Swagger UI on the API's own document. validatorUrl: null keeps it from
// sending the document to validator.swagger.io.
const docsInitJS = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: new URL("openapi.json", document.baseURI).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
`

const docsCSS = `html { box-sizing: border-box; overflow-y: scroll; }
*, *:before, *:after { box-sizing: inherit; }
body { margin: 0; background: #fafafa; }
noscript p { font-family: sans-serif; margin: 2em; }
`
