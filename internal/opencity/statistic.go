package opencity

// Statistic is a figure OpenCity computes over the survey responses it holds ("kind":
// "computed"): never mixed with the figures sources publish (Comparison, "kind": "published").
// Share is Numerator/Denominator, nil when no response counts towards the denominator.
type Statistic struct {
	Slug        string      `json:"slug" example:"2020-funded-activities-training-staff-and-building-capacity"`                                     // Stable identifier: wave, question, option or answer.
	Href        string      `json:"href" example:"/v1/statistics/2020-funded-activities-training-staff-and-building-capacity"`                      // Path of this record.
	Kind        string      `json:"kind" enums:"computed" example:"computed"`                                                                       // Always computed: derived by OpenCity, not published by a source.
	Wave        Ref         `json:"wave"`                                                                                                           // The survey wave the responses belong to.
	Question    string      `json:"question" example:"funded_activities"`                                                                           // The question counted.
	Statement   string      `json:"statement" example:"Cities held whose answer to funded_activities selects Training staff and building capacity"` // What is counted.
	Option      *LabeledRef `json:"option" extensions:"x-nullable"`                                                                                 // The option counted, for multiple-choice questions.
	Answer      *string     `json:"answer" example:"yes" extensions:"x-nullable"`                                                                   // The answer counted, for single-choice questions.
	Numerator   int         `json:"numerator" example:"1"`                                                                                          // Responses with that answer.
	Denominator int         `json:"denominator" example:"1"`                                                                                        // Responses of the wave that answered the question (and, for an option, were offered it).
	Share       *float64    `json:"share" example:"1" extensions:"x-nullable"`                                                                      // Numerator / Denominator; null when Denominator is 0.
	CitiesHeld  int         `json:"cities_held" example:"1"`                                                                                        // Responses OpenCity holds for the wave: the figure is over these cities only.
	Sources     []Ref       `json:"sources"`                                                                                                        // The sources of the responses counted: where the computed figure comes from.
}
