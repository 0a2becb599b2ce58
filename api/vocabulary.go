package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type vocabularyStore interface {
	ListVocabularies(ctx context.Context, q opencity.ListQuery) ([]opencity.Vocabulary, []string, error)
	GetVocabulary(ctx context.Context, slug string) (opencity.Vocabulary, error)
	ListConcepts(ctx context.Context, q opencity.ListQuery) ([]opencity.Concept, []string, error)
	GetConcept(ctx context.Context, slug string) (opencity.Concept, error)
}

// VocabularyList is a page of vocabularies.
type VocabularyList struct {
	Data     []opencity.Vocabulary `json:"data"`
	Links    Links                 `json:"links"`
	Meta     ListMeta              `json:"meta"`
	Included *Included             `json:"included,omitempty"`
}

// ConceptList is a page of concepts.
type ConceptList struct {
	Data     []opencity.Concept `json:"data"`
	Links    Links              `json:"links"`
	Meta     ListMeta           `json:"meta"`
	Included *Included          `json:"included,omitempty"`
}

// Vocabularies served at top-level paths of their own.
const (
	innovationRoles   = "innovation-roles"
	fundingActivities = "funded-activities"
)

// listConceptsIn answers a list of the concepts of vocabulary ("" for all).
func (h *Handler) listConceptsIn(c echo.Context, vocabulary string) error {
	var fixed []opencity.Filter
	if vocabulary != "" {
		fixed = append(fixed, opencity.Filter{Field: "vocabulary", Op: opencity.OpEq, Values: []string{vocabulary}})
	}
	return serveList(c, h, opencity.Lists.Concepts, h.store.ListConcepts, fixed...)
}

// getConceptIn answers a request for one concept of vocabulary ("" for any): a concept of
// another vocabulary is not found here.
func (h *Handler) getConceptIn(c echo.Context, vocabulary string) error {
	return serveItem(c, h, func(ctx context.Context, slug string) (opencity.Concept, error) {
		v, err := h.store.GetConcept(ctx, slug)
		if err == nil && vocabulary != "" && v.Vocabulary.Slug != vocabulary {
			return v, opencity.Errorf(opencity.ENOTFOUND, "no concept with slug %q in %s", v.Slug, vocabulary)
		}
		return v, err
	})
}

// listVocabularies lists the concept schemes.
//
//	@Summary		List vocabularies
//	@Description	Concept schemes: policy areas, innovation roles, innovation activities, funding sources, funded activities, success factors, benefits, terms, partnership kinds. Each links its concepts. In slug order, keyset-paged.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	VocabularyList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/vocabularies [get]
func (h *Handler) listVocabularies(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Vocabularies, h.store.ListVocabularies)
}

// getVocabulary returns one concept scheme.
//
//	@Summary		Get a vocabulary
//	@Description	One concept scheme with links to its concepts, in rank order where the survey ranks them.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			slug	path		string	true	"Vocabulary slug"	example(policy-areas)
//	@Success		200		{object}	opencity.Vocabulary
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/vocabularies/{slug} [get]
func (h *Handler) getVocabulary(c echo.Context) error {
	return serveItem(c, h, h.store.GetVocabulary)
}

// listConcepts lists the concepts of every vocabulary.
//
//	@Summary		List concepts
//	@Description	Every concept of every vocabulary, with its label exactly as printed, its rank where the survey ranks, and the waves known to have offered it. In slug order, keyset-paged.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	ConceptList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/concepts [get]
func (h *Handler) listConcepts(c echo.Context) error { return h.listConceptsIn(c, "") }

// getConcept returns one concept.
//
//	@Summary		Get a concept
//	@Description	One concept with the waves known to have offered it; a wave not listed is unknown.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			slug	path		string	true	"Concept slug"	example(transport-mobility)
//	@Success		200		{object}	opencity.Concept
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/concepts/{slug} [get]
func (h *Handler) getConcept(c echo.Context) error { return h.getConceptIn(c, "") }

// listInnovationRoles lists the innovation roles and skills.
//
//	@Summary		List innovation roles
//	@Description	The innovation-roles vocabulary: skills or roles city governments employ for innovation (Project manager, Data scientist, ...). In slug order, keyset-paged.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	ConceptList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/innovation-roles [get]
func (h *Handler) listInnovationRoles(c echo.Context) error {
	return h.listConceptsIn(c, innovationRoles)
}

// getInnovationRole returns one innovation role.
//
//	@Summary		Get an innovation role
//	@Description	One concept of the innovation-roles vocabulary; a concept of another vocabulary is 404 here.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			slug	path		string	true	"Innovation role slug"	example(data-scientist)
//	@Success		200		{object}	opencity.Concept
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/innovation-roles/{slug} [get]
func (h *Handler) getInnovationRole(c echo.Context) error {
	return h.getConceptIn(c, innovationRoles)
}

// listFundingActivities lists the activities innovation funding goes to.
//
//	@Summary		List funding activities
//	@Description	The funded-activities vocabulary: what cities' innovation funding is directed towards, with the waves that offered each option (Training staff and building capacity only in 2020; Launching or sustaining a project only in 2018). In slug order, keyset-paged.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	ConceptList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/funding-activities [get]
func (h *Handler) listFundingActivities(c echo.Context) error {
	return h.listConceptsIn(c, fundingActivities)
}

// getFundingActivity returns one funded activity.
//
//	@Summary		Get a funding activity
//	@Description	One concept of the funded-activities vocabulary; a concept of another vocabulary is 404 here.
//	@Tags			vocabularies
//	@Produce		json
//	@Param			slug	path		string	true	"Funding activity slug"	example(investing-in-digital-systems)
//	@Success		200		{object}	opencity.Concept
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/funding-activities/{slug} [get]
func (h *Handler) getFundingActivity(c echo.Context) error {
	return h.getConceptIn(c, fundingActivities)
}
