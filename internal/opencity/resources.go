package opencity

// source is the filter every resource has: the source a record names.
var source = Field{Name: "source", Type: TypeString, Facet: true}

// Lists are the lists of the API and what each can be filtered, sorted and faceted by. Every
// list can be filtered by its records' source and sorted by slug.
var Lists = struct {
	Cities, Populations, Concepts, Vocabularies, Sources, Surveys, SurveyWaves, SurveyResponses, Answers, Comparisons, DataAvailability, DataPartnerships, Organisations, Projects, Participations, ParticipationFormats, Initiatives, Media, OrgUnits Resource
}{
	Cities: Resource{Name: "cities", Searchable: true, Fields: []Field{
		{Name: "name", Type: TypeString, Sortable: true},
		{Name: "country", Type: TypeString, Sortable: true, Facet: true},
		{Name: "region", Type: TypeString, Nullable: true, Facet: true},
		{Name: "mayor", Type: TypeString, Nullable: true},
		{Name: "population", Type: TypeInt, Nullable: true, Sortable: true},
		{Name: "population_year", Type: TypeInt, Nullable: true, Sortable: true},
		{Name: "synthetic", Type: TypeBool, Facet: true},
		source,
	}},
	Populations: Resource{Name: "populations", Fields: []Field{
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "year", Type: TypeInt, Sortable: true, Facet: true},
		{Name: "value", Type: TypeInt, Sortable: true},
		{Name: "approximate", Type: TypeBool, Facet: true},
		source,
	}},
	Concepts: Resource{Name: "concepts", Searchable: true, Fields: []Field{
		{Name: "vocabulary", Type: TypeString, Facet: true},
		{Name: "wave", Type: TypeString},
		{Name: "label", Type: TypeString, Sortable: true},
		{Name: "rank", Type: TypeInt, Nullable: true, Sortable: true},
		source,
	}},
	Vocabularies: Resource{Name: "vocabularies", Searchable: true, Fields: []Field{
		{Name: "name", Type: TypeString, Sortable: true},
		source,
	}},
	Sources: Resource{Name: "sources", Searchable: true, Fields: []Field{
		{Name: "kind", Type: TypeString, Facet: true},
		{Name: "publisher", Type: TypeString, Sortable: true, Facet: true},
		{Name: "synthetic", Type: TypeBool, Facet: true},
	}},
	Surveys: Resource{Name: "surveys", Fields: []Field{
		{Name: "name", Type: TypeString, Sortable: true},
		source,
	}},
	SurveyWaves: Resource{Name: "survey-waves", Fields: []Field{
		{Name: "survey", Type: TypeString, Facet: true},
		{Name: "year", Type: TypeInt, Sortable: true},
		{Name: "cities_surveyed", Type: TypeInt, Nullable: true, Sortable: true},
		source,
	}},
	SurveyResponses: Resource{Name: "survey-responses", Fields: []Field{
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "wave", Type: TypeString, Sortable: true, Facet: true},
		{Name: "innovation_strategy", Type: TypeString, Facet: true},
		{Name: "approach", Type: TypeString, Facet: true},
		{Name: "dedicated_funding", Type: TypeString, Facet: true},
		{Name: "roles_count", Type: TypeInt, Nullable: true, Sortable: true},
		source,
	}},
	Answers: Resource{Name: "answers", Fields: []Field{
		{Name: "response", Type: TypeString, Facet: true},
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "wave", Type: TypeString, Facet: true},
		{Name: "question", Type: TypeString, Sortable: true, Facet: true},
		{Name: "option", Type: TypeString, Facet: true},
		{Name: "state", Type: TypeString, Facet: true},
		{Name: "inferred", Type: TypeBool, Facet: true},
		source,
	}},
	Comparisons: Resource{Name: "comparisons", Searchable: true, Fields: []Field{
		{Name: "wave", Type: TypeString, Nullable: true, Facet: true},
		{Name: "concept", Type: TypeString, Nullable: true, Facet: true},
		{Name: "share", Type: TypeNumber, Nullable: true, Sortable: true},
		{Name: "city_count", Type: TypeInt, Nullable: true, Sortable: true},
		{Name: "denominator", Type: TypeInt, Nullable: true},
		{Name: "label_inferred", Type: TypeBool, Facet: true},
		source,
	}},
	DataAvailability: Resource{Name: "data-availability", Fields: []Field{
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "wave", Type: TypeString, Nullable: true, Facet: true},
		{Name: "policy_area", Type: TypeString, Facet: true},
		{Name: "status", Type: TypeString, Sortable: true, Facet: true},
		{Name: "conflict", Type: TypeBool, Facet: true},
		source,
	}},
	DataPartnerships: Resource{Name: "data-partnerships", Fields: []Field{
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "partner", Type: TypeString, Facet: true},
		{Name: "wave", Type: TypeString, Nullable: true, Facet: true},
		source,
	}},
	Organisations: Resource{Name: "organisations", Searchable: true, Fields: []Field{
		{Name: "name", Type: TypeString, Sortable: true},
		{Name: "kind", Type: TypeString, Facet: true},
		{Name: "city", Type: TypeString, Nullable: true, Facet: true},
		{Name: "identity_inferred", Type: TypeBool, Facet: true},
		source,
	}},
	Projects: Resource{Name: "projects", Searchable: true, Fields: []Field{
		{Name: "name", Type: TypeString, Sortable: true},
		{Name: "programme", Type: TypeString, Facet: true},
		{Name: "starts_on", Type: TypeDate, Nullable: true, Sortable: true},
		{Name: "ends_on", Type: TypeDate, Nullable: true, Sortable: true},
		source,
	}},
	Participations: Resource{Name: "participations", Fields: []Field{
		{Name: "project", Type: TypeString, Facet: true},
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "role", Type: TypeString, Facet: true},
		{Name: "starts_on", Type: TypeDate, Nullable: true, Sortable: true},
		{Name: "ends_on", Type: TypeDate, Nullable: true, Sortable: true},
		source,
	}},
	ParticipationFormats: Resource{Name: "participation-formats", Searchable: true, Fields: []Field{
		{Name: "project", Type: TypeString, Facet: true},
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "continuation", Type: TypeString, Facet: true},
		source,
	}},
	Initiatives: Resource{Name: "initiatives", Searchable: true, Fields: []Field{
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "launched_year", Type: TypeInt, Nullable: true, Sortable: true},
		source,
	}},
	Media: Resource{Name: "media", Searchable: true, Fields: []Field{
		{Name: "city", Type: TypeString, Nullable: true, Facet: true},
		{Name: "project", Type: TypeString, Nullable: true, Facet: true},
		{Name: "credit", Type: TypeString, Facet: true},
		source,
	}},
	OrgUnits: Resource{Name: "org-units", Searchable: true, Fields: []Field{
		{Name: "city", Type: TypeString, Facet: true},
		{Name: "kind", Type: TypeString, Facet: true},
		{Name: "parent", Type: TypeString, Nullable: true, Facet: true},
		{Name: "established_on", Type: TypeDate, Nullable: true, Sortable: true},
		source,
	}},
}

// Statistics is the list of computed statistics; it is computed in memory, so only these
// filters apply.
var Statistics = Resource{Name: "statistics", Fields: []Field{
	{Name: "wave", Type: TypeString},
	{Name: "question", Type: TypeString},
	{Name: "option", Type: TypeString, Nullable: true},
}}
