// Package opencity is the domain of OpenCity: the records it publishes about cities' innovation
// capacity, the links between them, the error codes its operations return and the paging
// contract of its lists. It imports only the standard library; the store and the API depend on
// it, never the other way round.
//
// Every record names the source it comes from. A value the sources do not give is nil (JSON
// null), usually with a note saying why; nothing is filled in with a made-up default.
package opencity

// BasePath is the path prefix of version 1 of the API; hrefs in records start with it.
const BasePath = "/v1"

// Ref links to another record: its slug and the API path where it is served.
type Ref struct {
	Slug string `json:"slug" example:"leipzig" validate:"required"`            // Stable identifier of the linked record.
	Href string `json:"href" example:"/v1/cities/leipzig" validate:"required"` // Path of the linked record in this API.
}

// NewRef returns the link to the record slug in the collection (e.g. "cities").
func NewRef(collection, slug string) Ref {
	return Ref{Slug: slug, Href: BasePath + "/" + collection + "/" + slug}
}

// RefPtr is NewRef for an optional link: nil when slug is nil.
func RefPtr(collection string, slug *string) *Ref {
	if slug == nil {
		return nil
	}
	r := NewRef(collection, *slug)
	return &r
}

// SourceRef links to the source a fact comes from.
func SourceRef(slug string) Ref { return NewRef("sources", slug) }

// LabeledRef links to a vocabulary concept and carries its label, so a client can show it
// without a second request.
type LabeledRef struct {
	Slug  string `json:"slug" example:"transport-mobility"`              // Stable identifier of the concept.
	Label string `json:"label" example:"Transport/Mobility"`             // English label exactly as the source prints it.
	Href  string `json:"href" example:"/v1/concepts/transport-mobility"` // Path of the concept in this API.
}

// ConceptRef links to the concept slug with its label.
func ConceptRef(slug, label string) LabeledRef {
	return LabeledRef{Slug: slug, Label: label, Href: BasePath + "/concepts/" + slug}
}
