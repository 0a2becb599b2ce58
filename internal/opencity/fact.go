package opencity

// NamedRef links to a record that has a name (a city, an organisation, a project, a unit) and
// carries the name.
type NamedRef struct {
	Slug string `json:"slug" example:"leipzig"`            // Stable identifier of the linked record.
	Name string `json:"name" example:"Leipzig"`            // Name of the linked record.
	Href string `json:"href" example:"/v1/cities/leipzig"` // Path of the linked record in this API.
}

// NewNamedRef returns the link to the record slug, named name, in the collection.
func NewNamedRef(collection, slug, name string) NamedRef {
	return NamedRef{Slug: slug, Name: name, Href: BasePath + "/" + collection + "/" + slug}
}

// CountFact is a number of cities with its source; Value is nil when the sources do not give
// it, and Note then says so.
type CountFact struct {
	Value  *int    `json:"value" example:"89" extensions:"x-nullable"`                             // The count; null when unknown.
	Note   *string `json:"note" example:"Not stated in the sources held." extensions:"x-nullable"` // Why the count is unknown, or how to read it.
	Source Ref     `json:"source"`                                                                 // Where the count comes from.
}

// PersonFact names a person holding an office, with the source; Name is nil when the sources
// held do not name anyone, and Note then says so.
type PersonFact struct {
	Name   *string `json:"name" example:"Burkhard Jung" extensions:"x-nullable"`                   // Name as the source prints it; null when unknown.
	Note   *string `json:"note" example:"Not stated in the sources held." extensions:"x-nullable"` // Why the name is unknown.
	Source *Ref    `json:"source" extensions:"x-nullable"`                                         // Where the name comes from; null when unknown.
}

// NotInSources is the note on a value the sources held do not give.
const NotInSources = "Not stated in the sources held."

// NewPersonFact returns the fact for a possibly unknown name and its possibly unknown source.
func NewPersonFact(name, source *string) PersonFact {
	if name == nil {
		note := NotInSources
		return PersonFact{Note: &note}
	}
	return PersonFact{Name: name, Source: RefPtr("sources", source)}
}
