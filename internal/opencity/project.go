package opencity

// Project is a smart-city project that cities take part in. Dates are ISO 8601 months.
type Project struct {
	Slug           string        `json:"slug" example:"triangulum"`                                                                                                    // Stable identifier.
	Href           string        `json:"href" example:"/v1/projects/triangulum"`                                                                                       // Path of this record.
	Name           string        `json:"name" example:"Triangulum"`                                                                                                    // Name.
	Programme      string        `json:"programme" example:"EU Horizon 2020"`                                                                                          // Funding programme.
	Kind           *string       `json:"kind" example:"Smart Cities and Communities lighthouse project" extensions:"x-nullable"`                                       // Kind of project, where the source gives it.
	StartsOn       *string       `json:"starts_on" example:"2015-02" extensions:"x-nullable"`                                                                          // First month; null when not stated.
	EndsOn         *string       `json:"ends_on" example:"2020-01" extensions:"x-nullable"`                                                                            // Last month; null when not stated.
	DatesNote      *string       `json:"dates_note" example:"Not stated in the sources held." extensions:"x-nullable"`                                                 // Why the dates are unknown.
	Description    *string       `json:"description" example:"Smart-city project with lighthouse cities Manchester, Eindhoven and Stavanger." extensions:"x-nullable"` // What the sources say of it.
	Participations []ProjectRole `json:"participations"`                                                                                                               // The cities taking part and their roles.
	Source         Ref           `json:"source"`                                                                                                                       // Where the record comes from.
	Version        int64         `json:"-"`                                                                                                                            // Record version, served in the ETag.
}

// ProjectRole is a city's role in a project, as listed on the project.
type ProjectRole struct {
	City NamedRef `json:"city"`                                                                             // The city.
	Role string   `json:"role" enums:"lighthouse,follower,fellow,observer,lead_partner" example:"follower"` // Its role.
	Href string   `json:"href" example:"/v1/participations/triangulum-leipzig"`                             // Path of the participation record.
}

// Participation is a city's role and period in a project.
type Participation struct {
	Slug     string   `json:"slug" example:"triangulum-leipzig"`                                                // Stable identifier.
	Href     string   `json:"href" example:"/v1/participations/triangulum-leipzig"`                             // Path of this record.
	Project  NamedRef `json:"project"`                                                                          // The project.
	City     NamedRef `json:"city"`                                                                             // The city.
	Role     string   `json:"role" enums:"lighthouse,follower,fellow,observer,lead_partner" example:"follower"` // Its role.
	StartsOn *string  `json:"starts_on" example:"2015-02" extensions:"x-nullable"`                              // First month; null when not stated.
	EndsOn   *string  `json:"ends_on" example:"2020-01" extensions:"x-nullable"`                                // Last month; null when not stated.
	Note     *string  `json:"note" example:"The period is the project's." extensions:"x-nullable"`              // How the role or period is known.
	Source   Ref      `json:"source"`                                                                           // Where the record comes from.
	Version  int64    `json:"-"`                                                                                // Record version, served in the ETag.
}

// ParticipationFormat is a format of citizen and stakeholder participation run in a project.
type ParticipationFormat struct {
	Slug         string     `json:"slug" example:"future-forum"`                                                             // Stable identifier.
	Href         string     `json:"href" example:"/v1/participation-formats/future-forum"`                                   // Path of this record.
	Name         string     `json:"name" example:"Future Forum"`                                                             // Name, as printed.
	Project      NamedRef   `json:"project"`                                                                                 // The project it was established in.
	City         NamedRef   `json:"city"`                                                                                    // The city.
	Continuation string     `json:"continuation" enums:"planned,not_stated" example:"planned"`                               // Whether it is planned to continue after the project.
	Description  string     `json:"description" example:"One of three participation formats established within Triangulum."` // What the source says of it.
	Stakeholders []NamedRef `json:"stakeholders"`                                                                            // Stakeholders involved through it.
	Source       Ref        `json:"source"`                                                                                  // Where the record comes from.
}
