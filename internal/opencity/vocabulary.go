package opencity

// Vocabulary is a concept scheme: the options of one survey question, or another controlled
// list.
type Vocabulary struct {
	Slug        string       `json:"slug" example:"policy-areas"`                                                                                      // Stable identifier.
	Href        string       `json:"href" example:"/v1/vocabularies/policy-areas"`                                                                     // Path of this record.
	Name        string       `json:"name" example:"Policy areas"`                                                                                      // Name of the scheme.
	Description string       `json:"description" example:"Policy areas a city focuses its innovation work on."`                                        // What the scheme lists.
	Note        *string      `json:"note" example:"Other options exist in the questionnaire but are not in the sources held." extensions:"x-nullable"` // Caveats on completeness or wording.
	Concepts    []LabeledRef `json:"concepts"`                                                                                                         // Its concepts, in rank order where ranked, else by slug.
	Source      Ref          `json:"source"`                                                                                                           // Where the scheme comes from.
}

// Concept is one entry of a vocabulary.
type Concept struct {
	Slug       string        `json:"slug" example:"taking-risks-or-testing-new-ideas"`                                                                            // Stable identifier.
	Href       string        `json:"href" example:"/v1/concepts/taking-risks-or-testing-new-ideas"`                                                               // Path of this record.
	Vocabulary Ref           `json:"vocabulary"`                                                                                                                  // The scheme it belongs to.
	Label      string        `json:"label" example:"Taking risks or testing new ideas"`                                                                           // English label exactly as the source prints it.
	AltLabel   *string       `json:"alt_label" example:"Taking risks and testing new ideas" extensions:"x-nullable"`                                              // Another wording the source prints.
	Rank       *int          `json:"rank" example:"1" extensions:"x-nullable"`                                                                                    // The survey's rank, where it ranks the scheme.
	Definition *string       `json:"definition" example:"e.g. prototyping new programs or models to address a persistent city challenge" extensions:"x-nullable"` // The source's definition or example.
	Note       *string       `json:"note" example:"Not an option in the 2018 survey." extensions:"x-nullable"`                                                    // Caveats.
	Waves      []ConceptWave `json:"waves"`                                                                                                                       // Waves known to have offered it or not; a wave not listed is unknown.
	Source     Ref           `json:"source"`                                                                                                                      // Where the concept comes from.
	Version    int64         `json:"-"`                                                                                                                           // Record version, served in the ETag.
}

// ConceptWave says whether a survey wave's questionnaire offered a concept.
type ConceptWave struct {
	Wave    Ref     `json:"wave"`                                                                         // The survey wave.
	Offered bool    `json:"offered" example:"true"`                                                       // Whether that wave's questionnaire offered the concept.
	Note    *string `json:"note" example:"Inferred from the profile's footnote." extensions:"x-nullable"` // How this is known, where it is inferred.
	Source  Ref     `json:"source"`                                                                       // Where it comes from.
}
