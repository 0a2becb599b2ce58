package opencity

// Survey is a survey whose answers and published figures OpenCity holds.
type Survey struct {
	Slug              string    `json:"slug" example:"oecd-bloomberg-innovation-capacity"`             // Stable identifier.
	Href              string    `json:"href" example:"/v1/surveys/oecd-bloomberg-innovation-capacity"` // Path of this record.
	Name              string    `json:"name" example:"Survey on Innovation Capacity in Cities"`        // Name of the survey.
	Publisher         string    `json:"publisher" example:"OECD and Bloomberg Philanthropies"`         // Who runs it.
	CitiesAcrossWaves CountFact `json:"cities_across_waves"`                                           // Cities that took part in any wave.
	Waves             []Ref     `json:"waves"`                                                         // Its waves, oldest first.
	Source            Ref       `json:"source"`                                                        // Where the record comes from.
}

// SurveyWave is one wave (round) of a survey, named by its year.
type SurveyWave struct {
	Slug           string    `json:"slug" example:"2018"`                  // Stable identifier: the wave's year.
	Href           string    `json:"href" example:"/v1/survey-waves/2018"` // Path of this record.
	Survey         Ref       `json:"survey"`                               // The survey.
	Year           int       `json:"year" example:"2018"`                  // Year of the wave.
	CitiesSurveyed CountFact `json:"cities_surveyed"`                      // Cities that answered this wave.
	Source         Ref       `json:"source"`                               // Where the record comes from.
}
