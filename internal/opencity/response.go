package opencity

// Answer states for multiple-choice questions: an option can be selected, not selected, not in
// that wave's questionnaire at all, or unanswered.
const (
	StateSelected    = "selected"
	StateNotSelected = "not_selected"
	StateNotOffered  = "not_offered"
	StateNoAnswer    = "no_answer"
)

// StateFits reports whether an answer may have state for an option its wave offered
// (offered) or did not: an offered option is not "not_offered", and one not offered is only
// "not_offered" or "no_answer".
func StateFits(state string, offered bool) bool {
	if offered {
		return state != StateNotOffered
	}
	return state == StateNotOffered || state == StateNoAnswer
}

// Question is a multiple-choice question of the survey and the vocabulary its options come
// from.
type Question struct {
	Question, Vocabulary string
}

// Questions are the survey's multiple-choice questions, in the order the profile prints them.
var Questions = []Question{
	{"policy_focus", "policy-areas"},
	{"innovation_roles", "innovation-roles"},
	{"innovation_terms", "innovation-terms"},
	{"most_common_activity", "innovation-activities"},
	{"funding_sources", "funding-sources"},
	{"funded_activities", "funded-activities"},
	{"innovation_benefits", "innovation-benefits"},
	{"success_factors", "success-factors"},
	{"partnership_kinds", "partnership-kinds"},
}

// QuestionVocabulary returns the vocabulary of the options of question, and whether it is a
// question of the survey.
func QuestionVocabulary(question string) (string, bool) {
	for _, q := range Questions {
		if q.Question == question {
			return q.Vocabulary, true
		}
	}
	return "", false
}

// SurveyResponse is a city's answers to one survey wave.
type SurveyResponse struct {
	Slug               string   `json:"slug" example:"leipzig-2020"`                                                                       // Stable identifier.
	Href               string   `json:"href" example:"/v1/survey-responses/leipzig-2020"`                                                  // Path of this record.
	City               NamedRef `json:"city"`                                                                                              // The city that answered.
	Wave               Ref      `json:"wave"`                                                                                              // The survey wave.
	InnovationStrategy string   `json:"innovation_strategy" enums:"yes,no,no_answer" example:"yes"`                                        // Whether the city has an explicit innovation strategy.
	Approach           string   `json:"approach" enums:"holistic,policy_areas,both,no_answer" example:"both"`                              // Whether it approaches innovation capacity at a holistic/macro level, in specific policy areas, or both.
	WorkLocation       *string  `json:"work_location" example:"sprinkled throughout the municipal administration" extensions:"x-nullable"` // Where innovation work sits, as printed.
	DedicatedFunding   string   `json:"dedicated_funding" enums:"yes,no,no_answer" example:"yes"`                                          // Whether it has dedicated funding for innovation capacity.
	RolesCount         *int     `json:"roles_count" example:"3" extensions:"x-nullable"`                                                   // Number of innovation skills or roles it uses, as printed.
	Note               *string  `json:"note" example:"The profile does not print its wave." extensions:"x-nullable"`                       // Caveats.
	Answers            []Answer `json:"answers"`                                                                                           // Its answers to the multiple-choice questions.
	Source             Ref      `json:"source"`                                                                                            // Where the answers come from.
	Version            int64    `json:"-"`                                                                                                 // Record version, served in the ETag.
}

// Answer is the state of one option of one multiple-choice question in a survey response.
type Answer struct {
	Slug     string     `json:"slug" example:"leipzig-2020-policy-focus-transport-mobility"`                                                                                                                                         // Stable identifier.
	Href     string     `json:"href" example:"/v1/answers/leipzig-2020-policy-focus-transport-mobility"`                                                                                                                             // Path of this record.
	Response Ref        `json:"response"`                                                                                                                                                                                            // The survey response.
	Wave     Ref        `json:"wave"`                                                                                                                                                                                                // The wave of the response.
	Question string     `json:"question" enums:"policy_focus,innovation_roles,innovation_terms,most_common_activity,funding_sources,funded_activities,innovation_benefits,success_factors,partnership_kinds" example:"policy_focus"` // The question.
	Option   LabeledRef `json:"option"`                                                                                                                                                                                              // The option (a vocabulary concept).
	State    string     `json:"state" enums:"selected,not_selected,not_offered,no_answer" example:"selected"`                                                                                                                        // selected; not_selected; not_offered: not in that wave's questionnaire; no_answer.
	Rank     *int       `json:"rank" example:"1" extensions:"x-nullable"`                                                                                                                                                            // The city's rank of the option, where it ranks them.
	Inferred bool       `json:"inferred" example:"false"`                                                                                                                                                                            // True when the state is read from what the source leaves out, not printed.
	Note     *string    `json:"note" example:"Not an option in the 2020 survey." extensions:"x-nullable"`                                                                                                                            // How the state is known.
	Source   Ref        `json:"source"`                                                                                                                                                                                              // Where the answer comes from.
	Version  int64      `json:"-"`                                                                                                                                                                                                   // Record version, served in the ETag.
}

// DataAvailability is one statement of whether a city has sufficient data in a policy area.
// The source may contradict itself; then both statements are kept, each with Conflict set.
type DataAvailability struct {
	Slug       string     `json:"slug" example:"leipzig-sufficient-health"`                                          // Stable identifier.
	Href       string     `json:"href" example:"/v1/data-availability/leipzig-sufficient-health"`                    // Path of this record.
	City       NamedRef   `json:"city"`                                                                              // The city.
	Wave       *Ref       `json:"wave" extensions:"x-nullable"`                                                      // The survey wave, where known.
	PolicyArea LabeledRef `json:"policy_area"`                                                                       // The policy area.
	Status     string     `json:"status" enums:"sufficient,insufficient" example:"sufficient"`                       // What the source states.
	Conflict   bool       `json:"conflict" example:"true"`                                                           // True when the source also states the opposite for this area.
	Position   int        `json:"position" example:"3"`                                                              // Position in the source's list for this status.
	Note       *string    `json:"note" example:"The profile lists Health under both lists." extensions:"x-nullable"` // Caveats.
	Source     Ref        `json:"source"`                                                                            // Where the statement comes from.
}
