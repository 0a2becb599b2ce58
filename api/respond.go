package api

import (
	"net/http"
	"reflect"

	"github.com/labstack/echo/v4"
)

// writeList writes a page of a list. envelope is the page as its named list type (CityList),
// which is what the JSON representation serves; ?fields= cuts each record down.
func writeList[T any](c echo.Context, page listPage[T], envelope any) error {
	fields, err := sparseFields(c, reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	if fields != nil {
		if envelope, err = projectPage(page, fields); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, envelope)
}

// writeItem writes one record; ?fields= cuts it down.
func writeItem(c echo.Context, v any) error {
	fields, err := sparseFields(c, reflect.TypeOf(v))
	if err != nil {
		return err
	}
	if fields == nil {
		return c.JSON(http.StatusOK, v)
	}
	sparse, err := project(v, fields)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sparse)
}
