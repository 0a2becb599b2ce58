package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string `json:"status" enums:"ok" example:"ok"` // Always ok; a service that is not ready answers 503 with a problem document.
}

// healthz reports that the process is alive.
//
//	@Summary		Liveness
//	@Description	200 while the process runs; it does not touch the database.
//	@Tags			service
//	@Produce		json
//	@Success		200	{object}	Health
//	@Header			200	{string}	Request-Id	"Id of this request"
//	@Router			/healthz [get]
func (h *Handler) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// readyz reports whether the service can answer: the database is reachable and migrated.
//
//	@Summary		Readiness
//	@Description	200 when the database answers and every migration is applied; 503 otherwise.
//	@Tags			service
//	@Produce		json
//	@Success		200	{object}	Health
//	@Failure		503	{object}	Problem
//	@Header			200	{string}	Request-Id	"Id of this request"
//	@Router			/readyz [get]
func (h *Handler) readyz(c echo.Context) error {
	if err := h.store.Ready(c.Request().Context()); err != nil {
		return opencity.Errorf(opencity.EUNAVAILABLE, "the database is not reachable or not migrated")
	}
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}
