package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// writeList writes a page of a list. envelope is the page as its named list type (CityList),
// which is what the JSON representation serves.
func writeList[T any](c echo.Context, page listPage[T], envelope any) error {
	return c.JSON(http.StatusOK, envelope)
}

// writeItem writes one record.
func writeItem(c echo.Context, v any) error {
	return c.JSON(http.StatusOK, v)
}
