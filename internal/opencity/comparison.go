package opencity

// Kinds of survey figure: a published one is printed by a source; a computed one OpenCity
// derives from the cities it holds. The two are never mixed.
const (
	KindPublished = "published"
	KindComputed  = "computed"
)

// Comparison is a survey-wide figure as a source publishes it ("Like 81% of cities surveyed").
// Share and CityCount are nil where the source gives no figure; the notes say why.
type Comparison struct {
	Slug            string      `json:"slug" example:"cities-with-dedicated-innovation-funding"`                                               // Stable identifier.
	Href            string      `json:"href" example:"/v1/comparisons/cities-with-dedicated-innovation-funding"`                               // Path of this record.
	Kind            string      `json:"kind" enums:"published,computed" example:"published"`                                                   // published: printed by the source.
	Survey          Ref         `json:"survey"`                                                                                                // The survey.
	Wave            *Ref        `json:"wave" extensions:"x-nullable"`                                                                          // The wave the figure covers; null when the source does not say.
	WaveNote        *string     `json:"wave_note" example:"The profile says “cities surveyed” without naming a wave." extensions:"x-nullable"` // Why the wave is unknown.
	Statement       string      `json:"statement" example:"Cities surveyed that have dedicated funding to support innovation capacity"`        // What the figure counts.
	AsPrinted       string      `json:"as_printed" example:"81% of cities surveyed"`                                                           // The figure as the source prints it.
	Share           *float64    `json:"share" example:"0.81" extensions:"x-nullable"`                                                          // Share of cities, 0 to 1; null when not given.
	ShareQualifier  *string     `json:"share_qualifier" enums:"exact,more_than" example:"exact" extensions:"x-nullable"`                       // more_than: share is a lower bound ("more than half").
	CityCount       *int        `json:"city_count" example:"79" extensions:"x-nullable"`                                                       // Number of cities; null when not given.
	Denominator     *int        `json:"denominator" example:"89" extensions:"x-nullable"`                                                      // Number of cities the figure is out of; null when not given.
	DenominatorNote *string     `json:"denominator_note" example:"Not stated in the source." extensions:"x-nullable"`                          // Why the denominator is unknown.
	FigureNote      *string     `json:"figure_note" example:"The count is lost in the source." extensions:"x-nullable"`                        // Why a figure is missing, or how to read it.
	Concept         *LabeledRef `json:"concept" extensions:"x-nullable"`                                                                       // The option the figure counts, where it counts one.
	LabelInferred   bool        `json:"label_inferred" example:"false"`                                                                        // True when the source lost the figure's label and Concept is inferred.
	Note            *string     `json:"note" example:"Reading it as training staff is an inference." extensions:"x-nullable"`                  // Caveats.
	Source          Ref         `json:"source"`                                                                                                // Where the figure is published.
}
