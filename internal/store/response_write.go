package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/opencity/opencity/internal/opencity"
)

var (
	responseRecords = records[opencity.SurveyResponse]{table: "survey_responses", collection: "survey-responses",
		what: "survey response", get: (*Store).GetSurveyResponse, version: func(r opencity.SurveyResponse) int64 { return r.Version }}
	answerRecords = records[opencity.Answer]{table: "answers", collection: "answers", what: "answer",
		get: (*Store).GetAnswer, version: func(a opencity.Answer) int64 { return a.Version }}
)

func responseValues(d opencity.SurveyResponseDraft) map[string]any {
	return map[string]any{"city": d.City, "wave": d.Wave, "innovation_strategy": d.InnovationStrategy,
		"approach": d.Approach, "work_location": d.WorkLocation, "dedicated_funding": d.DedicatedFunding,
		"roles_count": d.RolesCount, "note": d.Note, "source": d.Source}
}

func answerValues(d opencity.AnswerDraft) map[string]any {
	return map[string]any{"response": d.Response, "question": d.Question, "concept": d.Option, "state": d.State,
		"rank": d.Rank, "inferred": d.Inferred, "note": d.Note, "source": d.Source}
}

// answerErrors returns a field error (under prefix: "" for an answer written alone,
// "/answers/2" for one in a response) for the source of the answer d that does not exist, for
// its option unless it is a live concept of the vocabulary of its question, and for its state
// when it contradicts what is known of whether the wave offered the option.
func (w *writeTx) answerErrors(prefix, wave string, d *opencity.AnswerDraft) ([]opencity.FieldError, error) {
	bad, err := w.missing(ref{prefix + "/source", "sources", "source", &d.Source, true})
	if err != nil {
		return nil, err
	}
	var vocabularies []string
	if err := w.tx.Table("concepts").Where("slug = ? AND deleted_at IS NULL", d.Option).Pluck("vocabulary", &vocabularies).Error; err != nil {
		return nil, err
	}
	want, _ := opencity.QuestionVocabulary(d.Question)
	switch {
	case len(vocabularies) == 0:
		bad = append(bad, opencity.FieldError{Pointer: prefix + "/option", Reason: fmt.Sprintf("no concept with slug %q", d.Option)})
	case vocabularies[0] != want:
		bad = append(bad, opencity.FieldError{Pointer: prefix + "/option",
			Reason: fmt.Sprintf("is a concept of %s, not an option of %s (a concept of %s)", vocabularies[0], d.Question, want)})
	}
	var offered []bool
	if err := w.tx.Table("concept_waves").Where("concept = ? AND wave = ?", d.Option, wave).Pluck("offered", &offered).Error; err != nil {
		return nil, err
	}
	if len(offered) == 1 && !opencity.StateFits(d.State, offered[0]) {
		reason := "the wave %s offered the option: its state is not not_offered"
		if !offered[0] {
			reason = "the wave %s did not offer the option: its state is not_offered or no_answer"
		}
		bad = append(bad, opencity.FieldError{Pointer: prefix + "/state", Reason: fmt.Sprintf(reason, wave)})
	}
	return bad, nil
}

// checkResponse returns EUNPROCESSABLE naming every field of d, and of its answers, that
// names a record that does not exist (or was deleted) or does not fit: city, wave, sources,
// options (a concept of the vocabulary of the question).
func (w *writeTx) checkResponse(d opencity.SurveyResponseDraft) error {
	bad, err := w.missing(ref{"/city", "cities", "city", &d.City, true}, ref{"/wave", "survey_waves", "survey wave", &d.Wave, false},
		ref{"/source", "sources", "source", &d.Source, true})
	for i := range d.Answers {
		if err != nil {
			return err
		}
		var more []opencity.FieldError
		more, err = w.answerErrors("/answers/"+strconv.Itoa(i), d.Wave, &d.Answers[i])
		bad = append(bad, more...)
	}
	if err != nil {
		return err
	}
	return unprocessable("the write names records that do not exist or do not fit", bad)
}

// taken returns ECONFLICT with message when a row of table other than slug, live or a
// tombstone, holds the values of key (a unique key).
func (w *writeTx) taken(table, slug, message string, key map[string]any) error {
	var n int64
	if err := w.tx.Table(table).Where(key).Where("slug <> ?", slug).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return opencity.Errorf(opencity.ECONFLICT, "%s (a deleted record keeps its place)", message)
	}
	return nil
}

func (w *writeTx) responseTaken(d opencity.SurveyResponseDraft) error {
	return w.taken("survey_responses", d.Slug, fmt.Sprintf("the city %q has a response to the wave %q", d.City, d.Wave),
		map[string]any{"city": d.City, "wave": d.Wave})
}

// answerTaken returns ECONFLICT when the response of d has another answer for the same
// question and option.
func (w *writeTx) answerTaken(d opencity.AnswerDraft) error {
	return w.taken("answers", d.Slug, fmt.Sprintf("the response %q has an answer for option %q of question %q", d.Response, d.Option, d.Question),
		map[string]any{"response": d.Response, "question": d.Question, "concept": d.Option})
}

// insertAnswer adds the answer d after checking that its response has no other answer for
// the same question and option.
func (w *writeTx) insertAnswer(ctx context.Context, who opencity.Writer, d opencity.AnswerDraft) (opencity.Answer, error) {
	if err := w.answerTaken(d); err != nil {
		return opencity.Answer{}, err
	}
	return answerRecords.insert(ctx, w, who, d.Slug, answerValues(d))
}

// CreateSurveyResponse adds the survey response d with its answers, all or nothing; its city
// grows a version. It
// returns ECONFLICT when a slug is taken or the city has a response to the wave, and
// EUNPROCESSABLE naming every field that names a record that does not exist.
func (s *Store) CreateSurveyResponse(ctx context.Context, who opencity.Writer, d opencity.SurveyResponseDraft) (opencity.SurveyResponse, error) {
	var out opencity.SurveyResponse
	err := s.write(ctx, func(w *writeTx) (err error) {
		if err = w.checkResponse(d); err != nil {
			return err
		}
		if err = w.responseTaken(d); err != nil {
			return err
		}
		if out, err = responseRecords.insert(ctx, w, who, d.Slug, responseValues(d)); err != nil {
			return err
		}
		for _, a := range d.Answers {
			a.Response = d.Slug
			if _, err := w.insertAnswer(ctx, who, a); err != nil {
				return err
			}
		}
		if len(d.Answers) > 0 {
			if out, err = w.store.GetSurveyResponse(ctx, d.Slug); err != nil {
				return err
			}
		}
		return w.touch("cities", d.City)
	})
	return out, err
}

// ReplaceSurveyResponse replaces the values of the survey response with slug by d (not its
// answers), when its version is expected; its city (each, when it changes) grows a version. It returns ENOTFOUND, EGONE, EPRECONDITION,
// ECONFLICT and EUNPROCESSABLE.
func (s *Store) ReplaceSurveyResponse(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.SurveyResponseDraft) (opencity.SurveyResponse, error) {
	d.Slug, d.Answers = slug, nil
	var out opencity.SurveyResponse
	err := s.write(ctx, func(w *writeTx) error {
		before, err := responseRecords.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		if err := w.checkResponse(d); err != nil {
			return err
		}
		if err := w.responseTaken(d); err != nil {
			return err
		}
		if out, err = responseRecords.update(ctx, w, who, slug, before, responseValues(d)); err != nil {
			return err
		}
		return w.touchAll("cities", before.City.Slug, out.City.Slug)
	})
	return out, err
}

// DeleteSurveyResponse deletes the survey response with slug and its answers (softly), when
// its version is expected; its city grows a version. It returns ENOTFOUND, EGONE or EPRECONDITION.
func (s *Store) DeleteSurveyResponse(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := responseRecords.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		for _, a := range before.Answers {
			if err := answerRecords.remove(w, who, a.Slug, a); err != nil {
				return err
			}
		}
		if err := responseRecords.remove(w, who, slug, before); err != nil {
			return err
		}
		return w.touch("cities", before.City.Slug)
	})
}

// SurveyResponseDraftOf returns the writable values of the survey response with slug (not its
// answers) and its version, the base of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) SurveyResponseDraftOf(ctx context.Context, slug string) (opencity.SurveyResponseDraft, int64, error) {
	r, err := one[responseRow](ctx, s, responseSpec, "survey response", slug)
	return opencity.SurveyResponseDraft{Slug: r.Slug, City: r.City, Wave: r.Wave, InnovationStrategy: r.InnovationStrategy,
		Approach: r.Approach, WorkLocation: r.WorkLocation, DedicatedFunding: r.DedicatedFunding, RolesCount: r.RolesCount,
		Note: r.Note, Source: r.Source}, r.Version, err
}

// AddAnswer adds the answer d to its survey response, whose version grows. It returns
// ENOTFOUND or EGONE for the response, ECONFLICT when the slug is taken or the response
// answers the option of the question already, and EUNPROCESSABLE for an option or source that
// does not exist, an option of another question, or a state the wave's offer contradicts.
func (s *Store) AddAnswer(ctx context.Context, who opencity.Writer, d opencity.AnswerDraft) (opencity.Answer, error) {
	var out opencity.Answer
	err := s.write(ctx, func(w *writeTx) error {
		if _, err := w.liveVersion("survey_responses", "survey response", d.Response); err != nil {
			return err
		}
		var wave string
		if err := w.tx.Table("survey_responses").Where("slug = ?", d.Response).Select("wave").Row().Scan(&wave); err != nil {
			return err
		}
		if err := w.checkAnswer(wave, d); err != nil {
			return err
		}
		var err error
		if out, err = w.insertAnswer(ctx, who, d); err != nil {
			return err
		}
		return w.touch("survey-responses", d.Response)
	})
	return out, err
}

// checkAnswer returns EUNPROCESSABLE naming the fields of the answer d, in a response to
// wave, that answerErrors finds.
func (w *writeTx) checkAnswer(wave string, d opencity.AnswerDraft) error {
	bad, err := w.answerErrors("", wave, &d)
	if err != nil {
		return err
	}
	return unprocessable("the write names records that do not exist or do not fit", bad)
}

// ReplaceAnswer replaces the values of the answer with slug by d (it stays in its response,
// whose version grows), when its version is expected. It returns ENOTFOUND, EGONE,
// EPRECONDITION, ECONFLICT and EUNPROCESSABLE.
func (s *Store) ReplaceAnswer(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.AnswerDraft) (opencity.Answer, error) {
	var out opencity.Answer
	err := s.write(ctx, func(w *writeTx) error {
		before, err := answerRecords.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		d.Slug, d.Response = slug, before.Response.Slug
		if err := w.checkAnswer(before.Wave.Slug, d); err != nil {
			return err
		}
		if err := w.answerTaken(d); err != nil {
			return err
		}
		if out, err = answerRecords.update(ctx, w, who, slug, before, answerValues(d)); err != nil {
			return err
		}
		return w.touch("survey-responses", d.Response)
	})
	return out, err
}

// DeleteAnswer deletes the answer with slug (softly), when its version is expected; its
// response's version grows. It returns ENOTFOUND, EGONE or EPRECONDITION.
func (s *Store) DeleteAnswer(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := answerRecords.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		if err := answerRecords.remove(w, who, slug, before); err != nil {
			return err
		}
		return w.touch("survey-responses", before.Response.Slug)
	})
}

// AnswerDraftOf returns the writable values of the answer with slug and its version, the
// base of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) AnswerDraftOf(ctx context.Context, slug string) (opencity.AnswerDraft, int64, error) {
	r, err := one[answerRow](ctx, s, answerSpec, "answer", slug)
	return opencity.AnswerDraft{Slug: r.Slug, Response: r.Response, Question: r.Question, Option: r.Concept, State: r.State,
		Rank: r.Rank, Inferred: r.Inferred, Note: r.Note, Source: r.Source}, r.Version, err
}
