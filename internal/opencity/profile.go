package opencity

// Profile is everything the seed documents state about a city, document by document and
// statement by statement in the order a reader meets them. Each statement links the record it
// is stored as and embeds the answer, published comparison or data-availability statement it
// makes, so a client reading only the profile knows all the documents say.
type Profile struct {
	City      NamedRef          `json:"city"`                                      // The city.
	Href      string            `json:"href" example:"/v1/cities/leipzig/profile"` // Path of this document.
	Documents []ProfileDocument `json:"documents"`                                 // The source documents, each with its statements.
}

// ProfileDocument is one source document's statements about a city.
type ProfileDocument struct {
	Source     Ref                `json:"source"`                                                                          // The document.
	Title      string             `json:"title" example:"Leipzig — city profile, Survey on Innovation Capacity in Cities"` // Its title.
	Statements []ProfileStatement `json:"statements"`                                                                      // Its statements, in order.
}

// ProfileStatement is one statement of a source document.
type ProfileStatement struct {
	Position         int               `json:"position" example:"3"`                      // Order within the document.
	Section          string            `json:"section" example:"header"`                  // The heading it appears under, as printed ("header" for the page head).
	Text             string            `json:"text" example:"Mayor: Burkhard Jung"`       // The statement as the source prints it.
	Record           RecordRef         `json:"record"`                                    // The record it is stored as.
	Answer           *Answer           `json:"answer" extensions:"x-nullable"`            // The survey answer it states, if any.
	Comparison       *Comparison       `json:"comparison" extensions:"x-nullable"`        // The published survey-wide figure it cites, if any.
	DataAvailability *DataAvailability `json:"data_availability" extensions:"x-nullable"` // The data-availability statement it makes, if any.
	Source           Ref               `json:"source"`                                    // Where it comes from.
}

// RecordRef links to a record of any type.
type RecordRef struct {
	Type string `json:"type" enums:"city,population,answer,comparison,survey_response,initiative,concept,vocabulary,data_availability,participation,org_unit,organisation,participation_format,media" example:"city"` // Type of the record.
	Slug string `json:"slug" example:"leipzig"`                                                                                                                                                                       // Its slug.
	Href string `json:"href" example:"/v1/cities/leipzig"`                                                                                                                                                            // Its path in this API.
}

// recordCollections maps record types to the collections that serve them.
var recordCollections = map[string]string{
	"city": "cities", "population": "populations", "answer": "answers", "comparison": "comparisons",
	"survey_response": "survey-responses", "initiative": "initiatives", "concept": "concepts",
	"vocabulary": "vocabularies", "data_availability": "data-availability",
	"participation": "participations", "org_unit": "org-units", "organisation": "organisations",
	"participation_format": "participation-formats", "media": "media",
}

// NewRecordRef links to the record of type typ. It returns EINVALID for an unknown type.
func NewRecordRef(typ, slug string) (RecordRef, error) {
	coll, ok := recordCollections[typ]
	if !ok {
		return RecordRef{}, Errorf(EINVALID, "unknown record type %q", typ)
	}
	return RecordRef{Type: typ, Slug: slug, Href: BasePath + "/" + coll + "/" + slug}, nil
}
