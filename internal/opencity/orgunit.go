package opencity

// OrgUnit is a unit of a city's administration: a department, an office, a unit or a team.
type OrgUnit struct {
	Slug             string           `json:"slug" example:"digital-city-unit"`                                                                           // Stable identifier.
	Href             string           `json:"href" example:"/v1/org-units/digital-city-unit"`                                                             // Path of this record.
	Name             string           `json:"name" example:"Digital City Unit"`                                                                           // Name, as printed.
	City             NamedRef         `json:"city"`                                                                                                       // The city.
	Kind             string           `json:"kind" enums:"unit,department,office,team" example:"unit"`                                                    // Kind of unit.
	Parent           *NamedRef        `json:"parent" extensions:"x-nullable"`                                                                             // The unit it sits in.
	EstablishedOn    *string          `json:"established_on" example:"2019-04" extensions:"x-nullable"`                                                   // ISO month it was installed; null when not stated.
	Description      *string          `json:"description" example:"An entire team that works on developing guidelines." extensions:"x-nullable"`          // What the source says of it.
	SameAs           *NamedRef        `json:"same_as" extensions:"x-nullable"`                                                                            // Another record that is probably the same unit under another printed name.
	SameAsInferred   bool             `json:"same_as_inferred" example:"false"`                                                                           // True when SameAs is an inference, not stated.
	Note             *string          `json:"note" example:"Printed before its renaming as “Department for Economy and Labour”." extensions:"x-nullable"` // Caveats.
	History          []OrgUnitEvent   `json:"history"`                                                                                                    // What happened to it, in order.
	Responsibilities []Responsibility `json:"responsibilities"`                                                                                           // What it is responsible for, in the source's order.
	Source           Ref              `json:"source"`                                                                                                     // Where the record comes from.
}

// OrgUnitEvent is one event in the history of an organisational unit.
type OrgUnitEvent struct {
	Position    int     `json:"position" example:"2"`                                                                                                           // Order in the history.
	HappenedOn  *string `json:"happened_on" example:"2019-04" extensions:"x-nullable"`                                                                          // ISO year or month; null when not stated.
	Event       string  `json:"event" enums:"dialogue_started,installed,started_work,renamed" example:"installed"`                                              // What happened.
	Description string  `json:"description" example:"As a result, a “Digital City Unit” was installed in the Department for Economy and Labour in April 2019."` // The source's words.
	Source      Ref     `json:"source"`                                                                                                                         // Where it comes from.
}

// Responsibility is one responsibility of an organisational unit.
type Responsibility struct {
	Position int    `json:"position" example:"1"`                                                                       // Order in the source's list.
	Summary  string `json:"summary" example:"competence centre"`                                                        // A short name for it.
	Text     string `json:"text" example:"A competence centre for digitization within and for the city administration"` // The source's words.
	Source   Ref    `json:"source"`                                                                                     // Where it comes from.
}
