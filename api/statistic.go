package api

import (
	"context"
	"slices"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type statisticStore interface {
	Statistics(ctx context.Context) ([]opencity.Statistic, error)
}

// StatisticList is a page of computed statistics.
type StatisticList struct {
	Data     []opencity.Statistic `json:"data"`
	Links    Links                `json:"links"`
	Meta     ListMeta             `json:"meta"`
	Included *Included            `json:"included,omitempty"`
}

// statisticPage filters and pages the computed statistics, which are few: one per wave,
// question and answer or option.
func (h *Handler) statisticPage(ctx context.Context, q opencity.ListQuery) ([]opencity.Statistic, []string, error) {
	all, err := h.store.Statistics(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []opencity.Statistic
	for _, st := range all {
		if (len(q.After) == 0 || st.Slug > q.After[0]) && statisticMatches(st, q.Filters) {
			out = append(out, st)
		}
	}
	if len(out) <= q.Limit {
		return out, nil, nil
	}
	return out[:q.Limit], []string{out[q.Limit-1].Slug}, nil
}

func statisticMatches(st opencity.Statistic, filters []opencity.Filter) bool {
	for _, f := range filters {
		var value *string
		switch f.Field {
		case "wave":
			value = &st.Wave.Slug
		case "question":
			value = &st.Question
		case "option":
			if st.Option != nil {
				value = &st.Option.Slug
			}
		}
		if f.Op == opencity.OpNull {
			if (value == nil) != (f.Values[0] == "true") {
				return false
			}
		} else if value == nil || !slices.Contains(f.Values, *value) {
			return false
		}
	}
	return true
}

// listStatistics lists the statistics OpenCity computes over the cities it holds.
//
//	@Summary		List computed statistics
//	@Description	Figures computed over the survey responses OpenCity holds ("kind": "computed"), per wave: for each single-choice answer (innovation strategy, approach, dedicated funding) and each offered option of each multiple-choice question (funded activities, roles, policy areas, ...), the numerator, the denominator and the share, and how many cities the wave holds. They describe the cities held only, and are never mixed with the figures sources publish (/v1/comparisons, "kind": "published"). In slug order, keyset-paged; sort and q do not apply.
//	@Tags			survey
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	StatisticList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/statistics [get]
func (h *Handler) listStatistics(c echo.Context) error {
	page, err := listOf(c, h, opencity.Statistics, h.statisticPage)
	if err != nil {
		return err
	}
	return writeList(c, page)
}

// getStatistic returns one computed statistic.
//
//	@Summary		Get a computed statistic
//	@Description	One statistic computed over the survey responses held, with its numerator and denominator.
//	@Tags			survey
//	@Produce		json
//	@Param			slug	path		string	true	"Statistic slug"	example(2020-innovation-strategy-yes)
//	@Success		200		{object}	opencity.Statistic
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/statistics/{slug} [get]
func (h *Handler) getStatistic(c echo.Context) error {
	v, err := itemOf(c, func(ctx context.Context, slug string) (opencity.Statistic, error) {
		all, err := h.store.Statistics(ctx)
		if err != nil {
			return opencity.Statistic{}, err
		}
		i := slices.IndexFunc(all, func(st opencity.Statistic) bool { return st.Slug == slug })
		if i < 0 {
			return opencity.Statistic{}, opencity.Errorf(opencity.ENOTFOUND, "no statistic with slug %q", slug)
		}
		return all[i], nil
	})
	if err != nil {
		return err
	}
	return writeItem(c, v)
}
