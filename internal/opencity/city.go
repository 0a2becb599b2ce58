package opencity

// City is a city OpenCity holds knowledge about.
type City struct {
	Slug                  string       `json:"slug" example:"leipzig"`                            // Stable identifier.
	Href                  string       `json:"href" example:"/v1/cities/leipzig"`                 // Path of this record.
	Name                  string       `json:"name" example:"Leipzig"`                            // Name of the city.
	Country               Country      `json:"country"`                                           // Country it lies in.
	Region                *Region      `json:"region" extensions:"x-nullable"`                    // Region (state) it lies in; null when not recorded.
	Mayor                 PersonFact   `json:"mayor"`                                             // Its mayor, as the source names them.
	LeadInnovationOfficer PersonFact   `json:"lead_innovation_officer"`                           // Its lead innovation officer.
	Populations           []Population `json:"populations"`                                       // Population figures, each with its year and source, newest first.
	SurveyResponses       []Ref        `json:"survey_responses"`                                  // Its answers to survey waves.
	Participations        []Ref        `json:"participations"`                                    // Its roles in smart-city projects.
	ProfileHref           string       `json:"profile_href" example:"/v1/cities/leipzig/profile"` // Path of everything the seed documents state about it, in order.
	Source                Ref          `json:"source"`                                            // Where the record comes from.
	Synthetic             bool         `json:"synthetic" example:"false"`                         // True for generated test or benchmark data.
	Version               int64        `json:"-"`                                                 // Record version, served as the ETag "v<version>".
}

// Country is a country by ISO 3166-1 alpha-2 code and English name.
type Country struct {
	Code string `json:"code" example:"DE"`      // ISO 3166-1 alpha-2 code.
	Name string `json:"name" example:"Germany"` // English name.
}

// Region is the region a city lies in, with how that is known.
type Region struct {
	Name string  `json:"name" example:"Saxony"`                                                                                    // Name of the region.
	Note *string `json:"note" example:"DOMAIN.md places Leipzig in Saxony; neither seed names the state." extensions:"x-nullable"` // How this is known.
}

// Population is a city's population in a year, as one source gives it.
type Population struct {
	Slug        string   `json:"slug" example:"leipzig-2019-oecd-profile"`                 // Stable identifier.
	Href        string   `json:"href" example:"/v1/populations/leipzig-2019-oecd-profile"` // Path of this record.
	City        NamedRef `json:"city"`                                                     // The city.
	Value       int64    `json:"value" example:"600000"`                                   // Number of inhabitants.
	Year        int      `json:"year" example:"2019"`                                      // Year the figure refers to.
	Approximate bool     `json:"approximate" example:"false"`                              // True when the source gives it as approximate ("about").
	AsPrinted   string   `json:"as_printed" example:"600,000 (2019)"`                      // The figure as the source prints it.
	Source      Ref      `json:"source"`                                                   // Where the figure comes from.
	Version     int64    `json:"-"`                                                        // Record version, served as the ETag "v<version>".
}
