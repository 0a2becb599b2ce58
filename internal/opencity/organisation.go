package opencity

// Organisation is an organisation outside the city administration: a partner or stakeholder.
type Organisation struct {
	Slug             string    `json:"slug" example:"national-labor-agency"`                                                               // Stable identifier.
	Href             string    `json:"href" example:"/v1/organisations/national-labor-agency"`                                             // Path of this record.
	Name             string    `json:"name" example:"National Labor Agency"`                                                               // Name.
	NameAsPrinted    string    `json:"name_as_printed" example:"National Labor Agency"`                                                    // The name exactly as the source prints it.
	Kind             string    `json:"kind" enums:"statistics_office,government_agency,group,utility,network" example:"government_agency"` // Kind of organisation; group: several organisations the source does not name.
	City             *NamedRef `json:"city" extensions:"x-nullable"`                                                                       // The city it belongs to, for a city's own companies and groups.
	Description      *string   `json:"description" example:"Data partner of the City of Leipzig." extensions:"x-nullable"`                 // Its part in the sources.
	IdentityInferred bool      `json:"identity_inferred" example:"false"`                                                                  // True when Name is read into the printed name, not printed.
	Note             *string   `json:"note" example:"The source does not name these institutions." extensions:"x-nullable"`                // Caveats.
	Source           Ref       `json:"source"`                                                                                             // Where the record comes from.
	Version          int64     `json:"-"`                                                                                                  // Record version, served in the ETag.
}

// DataPartnership is a city's partnership with an organisation to collect and analyse data.
type DataPartnership struct {
	Slug    string   `json:"slug" example:"leipzig-national-labor-agency"`                       // Stable identifier.
	Href    string   `json:"href" example:"/v1/data-partnerships/leipzig-national-labor-agency"` // Path of this record.
	City    NamedRef `json:"city"`                                                               // The city.
	Partner NamedRef `json:"partner"`                                                            // The partner organisation.
	Purpose string   `json:"purpose" example:"to collect and analyze data"`                      // Its purpose, as printed.
	Wave    *Ref     `json:"wave" extensions:"x-nullable"`                                       // The survey wave that reports it, where known.
	Source  Ref      `json:"source"`                                                             // Where the record comes from.
	Version int64    `json:"-"`                                                                  // Record version, served in the ETag.
}

// Initiative is a city's innovation initiative, such as the profile's spotlight.
type Initiative struct {
	Slug         string   `json:"slug" example:"leipzig-thinking-ahead"`                                                                                                                                // Stable identifier.
	Href         string   `json:"href" example:"/v1/initiatives/leipzig-thinking-ahead"`                                                                                                                // Path of this record.
	City         NamedRef `json:"city"`                                                                                                                                                                 // The city.
	Name         string   `json:"name" example:"Leipzig Thinking Ahead"`                                                                                                                                // Name.
	LaunchedYear *int     `json:"launched_year" example:"2012" extensions:"x-nullable"`                                                                                                                 // Year it was launched.
	StartedAs    *string  `json:"started_as" example:"pilot project" extensions:"x-nullable"`                                                                                                           // What it began as.
	Description  string   `json:"description" example:"Launched in 2012, the pilot project “Leipzig Thinking Ahead” has become a coordination center for civic participation within the City Council."` // The source's description, as printed.
	Aim          *string  `json:"aim" example:"to resolve the challenges related to sustainable urban development in the city" extensions:"x-nullable"`                                                 // Its aim, as printed.
	Stakeholders []string `json:"stakeholders" example:"residents,politicians"`                                                                                                                         // Stakeholders it brings together, as printed.
	Methods      []string `json:"methods" example:"virtual spaces,surveys"`                                                                                                                             // Methods it uses, as printed.
	Source       Ref      `json:"source"`                                                                                                                                                               // Where the record comes from.
}

// Media is a photograph or other medium shown by a source, with its attribution.
type Media struct {
	Slug    string    `json:"slug" example:"panorama-of-leipzig"`           // Stable identifier.
	Href    string    `json:"href" example:"/v1/media/panorama-of-leipzig"` // Path of this record.
	Kind    string    `json:"kind" enums:"photograph" example:"photograph"` // Kind of medium.
	Caption string    `json:"caption" example:"Panorama of Leipzig"`        // Caption as printed.
	Credit  string    `json:"credit" example:"M. Korzer"`                   // To whom the source credits it; attribution must travel with any reuse.
	City    *NamedRef `json:"city" extensions:"x-nullable"`                 // The city it shows.
	Project *NamedRef `json:"project" extensions:"x-nullable"`              // The project whose source shows it.
	Source  Ref       `json:"source"`                                       // Where it is shown.
}
