package opencity

// Source is a document that facts come from. Every record in OpenCity names one.
type Source struct {
	Slug        string  `json:"slug" example:"oecd-profile-leipzig"`                                               // Stable identifier.
	Href        string  `json:"href" example:"/v1/sources/oecd-profile-leipzig"`                                   // Path of this record.
	Title       string  `json:"title" example:"Leipzig — city profile, Survey on Innovation Capacity in Cities"`   // Title of the document.
	Publisher   string  `json:"publisher" example:"OECD and Bloomberg Philanthropies"`                             // Who published it.
	URL         string  `json:"url" example:"https://cities-innovation-oecd.com/"`                                 // Where it is published.
	Identifier  *string `json:"identifier" example:"doi:10.1787/9789264385047-en" extensions:"x-nullable"`         // A persistent identifier (DOI, CORDIS id), where there is one.
	Kind        string  `json:"kind" enums:"seed_document,public_record,synthetic" example:"seed_document"`        // seed_document: one of OpenCity's two seed documents; public_record: another public source; synthetic: generated test or benchmark data.
	RetrievedOn *string `json:"retrieved_on" example:"2020-11-01" extensions:"x-nullable"`                         // Date the copy was retrieved; null when not recorded.
	Licence     *string `json:"licence" example:"CC BY 4.0" extensions:"x-nullable"`                               // Licence of the document; null when not known.
	Note        *string `json:"note" example:"Reports the 2018 survey wave of 89 cities." extensions:"x-nullable"` // What the source covers, and any caveat.
	Synthetic   bool    `json:"synthetic" example:"false"`                                                         // True for generated test or benchmark data; never in the default dataset.
	Version     int64   `json:"-"`                                                                                 // Record version, served in the ETag.
}
