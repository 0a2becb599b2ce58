package opencity

import (
	"encoding/json"
	"time"
)

// Operations a write records in the change feed and the audit log.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
)

// AnyVersion, as the expected version of a write, matches any current version (If-Match: *).
const AnyVersion int64 = 0

// Writer names who writes: the public prefix of their API key, for the audit log, and the
// import job the write belongs to, if any (its commit is noted on the job).
type Writer struct {
	KeyPrefix string
	ImportJob string
}

// CityDraft is a city as a client writes it: the values of its own columns, before the store
// adds what it derives (href, populations, links).
type CityDraft struct {
	Slug                        string
	Name                        string
	CountryCode, CountryName    string
	Region, RegionNote          *string
	Mayor, MayorSource          *string
	LeadInnovationOfficer       *string
	LeadInnovationOfficerSource *string
	Source                      string
}

// PopulationDraft is a population figure as a client writes it.
type PopulationDraft struct {
	Slug        string
	City        string
	Value       int64
	Year        int
	Approximate bool
	AsPrinted   string
	Source      string
}

// OrganisationDraft is an organisation as a client writes it.
type OrganisationDraft struct {
	Slug             string
	Name             string
	NameAsPrinted    string
	Kind             string
	City             *string
	Description      *string
	IdentityInferred bool
	Note             *string
	Source           string
}

// DataPartnershipDraft is a data partnership as a client writes it.
type DataPartnershipDraft struct {
	Slug    string
	City    string
	Partner string
	Purpose string
	Wave    *string
	Source  string
}

// Change is one entry of the change feed: a create, update or delete of a record, in commit
// order.
type Change struct {
	Seq        int64     `json:"seq" example:"42"`                                        // Position in the feed; pass the last one seen as ?since= to read on.
	Collection string    `json:"collection" example:"cities"`                             // Collection of the record (its path segment under /v1).
	Slug       string    `json:"slug" example:"leipzig"`                                  // The record's slug.
	Operation  string    `json:"operation" enums:"create,update,delete" example:"update"` // What happened to it.
	Version    int64     `json:"version" example:"3"`                                     // The record's version after the change.
	ChangedAt  time.Time `json:"changed_at" example:"2026-11-29T20:00:00Z"`               // When the change was committed (UTC).
	Href       string    `json:"href" example:"/v1/cities/leipzig"`                       // Path of the record (a deleted one answers 410).
}

// AuditEntry is one accepted write as the audit log keeps it.
type AuditEntry struct {
	ID         int64           `json:"id" example:"7"`                                          // Position in the log.
	KeyPrefix  string          `json:"key_prefix" example:"abcdefgh"`                           // Public prefix of the API key that wrote.
	At         time.Time       `json:"at" example:"2026-11-29T20:00:00Z"`                       // When (UTC).
	Operation  string          `json:"operation" enums:"create,update,delete" example:"create"` // What was done.
	Collection string          `json:"collection" example:"cities"`                             // Collection of the record.
	Slug       string          `json:"slug" example:"leipzig"`                                  // The record's slug.
	Before     json.RawMessage `json:"before" swaggertype:"object" extensions:"x-nullable"`     // The record before the write; null for a create.
	After      json.RawMessage `json:"after" swaggertype:"object" extensions:"x-nullable"`      // The record after the write; null for a delete.
}

// IdempotencyClaim is one request's claim on an Idempotency-Key of the API key Prefix, begun
// at Since. A retry that takes over a claim left in flight too long begins a new one, and the
// old claim can then neither keep a response nor release the key.
type IdempotencyClaim struct {
	Prefix string
	Key    string
	Since  time.Time
}

// StoredResponse is the first response to a POST with an Idempotency-Key, kept to replay it.
type StoredResponse struct {
	Status  int               // HTTP status
	Body    []byte            // body as sent
	Headers map[string]string // the headers that matter (Content-Type, Location, ETag)
}

// SourceDraft is a source as a client writes it. A source names no source of its own.
type SourceDraft struct {
	Slug        string
	Title       string
	Publisher   string
	URL         string
	Identifier  *string
	Kind        string
	RetrievedOn *string
	Licence     *string
	Note        *string
}

// SurveyResponseDraft is a city's response to a survey wave as a client writes it; a create
// may carry its answers (their Response is the response's slug).
type SurveyResponseDraft struct {
	Slug               string
	City               string
	Wave               string
	InnovationStrategy string
	Approach           string
	WorkLocation       *string
	DedicatedFunding   string
	RolesCount         *int
	Note               *string
	Source             string
	Answers            []AnswerDraft
}

// AnswerDraft is the state of one option of one question in a survey response, as a client
// writes it.
type AnswerDraft struct {
	Slug     string
	Response string
	Question string
	Option   string
	State    string
	Rank     *int
	Inferred bool
	Note     *string
	Source   string
}

// ProjectDraft is a smart-city project as a client writes it.
type ProjectDraft struct {
	Slug        string
	Name        string
	Programme   string
	Kind        *string
	StartsOn    *string
	EndsOn      *string
	DatesNote   *string
	Description *string
	Source      string
}

// ParticipationDraft is a city's role in a project as a client writes it.
type ParticipationDraft struct {
	Slug     string
	Project  string
	City     string
	Role     string
	StartsOn *string
	EndsOn   *string
	Note     *string
	Source   string
}

// ConceptDraft is a vocabulary concept as a client writes it (the waves that offered it are
// not written here).
type ConceptDraft struct {
	Slug       string
	Vocabulary string
	Label      string
	AltLabel   *string
	Rank       *int
	Definition *string
	Note       *string
	Source     string
}
