package store

import (
	"context"
	"sort"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
)

// singleChoice are the single-choice questions of a survey response, as columns.
var singleChoice = []string{"innovation_strategy", "approach", "dedicated_funding"}

type answerCount struct {
	Wave, Question, Answer string
	N                      int
}

type optionCount struct {
	Wave, Question, Concept, Label, State string
	N                                     int
}

// Statistics computes, per survey wave, the share of the responses held that give each answer
// to each question: single-choice answers (innovation strategy, approach, dedicated funding)
// and every offered option of the multiple-choice questions. Three grouped queries, whatever
// the number of cities. Sorted by slug.
func (s *Store) Statistics(ctx context.Context) ([]opencity.Statistic, error) {
	held, err := s.responsesPerWave(ctx)
	if err != nil {
		return nil, err
	}
	sources, err := s.responseSources(ctx)
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, col := range singleChoice {
		parts = append(parts, "SELECT wave, '"+col+"' AS question, "+col+" AS answer, COUNT(*) AS n "+
			"FROM survey_responses WHERE deleted_at IS NULL GROUP BY wave, "+col)
	}
	var singles []answerCount
	if err := s.db.WithContext(ctx).Raw(strings.Join(parts, " UNION ALL ")).Scan(&singles).Error; err != nil {
		return nil, translate(err)
	}
	var options []optionCount
	err = s.db.WithContext(ctx).Raw(`SELECT r.wave AS wave, a.question AS question, a.concept AS concept,
		c.label AS label, a.state AS state, COUNT(*) AS n
		FROM answers a JOIN survey_responses r ON r.slug = a.response JOIN concepts c ON c.slug = a.concept
		WHERE a.deleted_at IS NULL AND r.deleted_at IS NULL
		GROUP BY r.wave, a.question, a.concept, c.label, a.state`).Scan(&options).Error
	if err != nil {
		return nil, translate(err)
	}
	out := append(singleStatistics(singles, held), optionStatistics(options, held)...)
	for i := range out {
		out[i].Sources = sources[out[i].Wave.Slug]
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out, nil
}

func (s *Store) responsesPerWave(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Wave string
		N    int
	}
	err := s.db.WithContext(ctx).Raw("SELECT wave, COUNT(*) AS n FROM survey_responses WHERE deleted_at IS NULL GROUP BY wave").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	held := map[string]int{}
	for _, r := range rows {
		held[r.Wave] = r.N
	}
	return held, nil
}

// responseSources lists, per wave, the sources the responses of that wave name.
func (s *Store) responseSources(ctx context.Context) (map[string][]opencity.Ref, error) {
	var rows []struct{ Wave, Source string }
	err := s.db.WithContext(ctx).Raw("SELECT wave, source FROM survey_responses WHERE deleted_at IS NULL GROUP BY wave, source ORDER BY wave, source").
		Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := map[string][]opencity.Ref{}
	for _, r := range rows {
		out[r.Wave] = append(out[r.Wave], opencity.SourceRef(r.Source))
	}
	return out, nil
}

func newStatistic(slug, wave, question, statement string, num, den, held int) opencity.Statistic {
	st := opencity.Statistic{
		Slug: slug, Href: opencity.NewRef("statistics", slug).Href, Kind: opencity.KindComputed,
		Wave: opencity.NewRef("survey-waves", wave), Question: question, Statement: statement,
		Numerator: num, Denominator: den, CitiesHeld: held,
	}
	if den > 0 {
		share := float64(num) / float64(den)
		st.Share = &share
	}
	return st
}

// singleStatistics turns answer counts into one statistic per answer (no_answer excluded from
// the denominator and not counted itself).
func singleStatistics(counts []answerCount, held map[string]int) []opencity.Statistic {
	den := map[string]int{}
	for _, c := range counts {
		if c.Answer != opencity.StateNoAnswer {
			den[c.Wave+" "+c.Question] += c.N
		}
	}
	var out []opencity.Statistic
	for _, c := range counts {
		if c.Answer == opencity.StateNoAnswer {
			continue
		}
		slug := c.Wave + "-" + strings.ReplaceAll(c.Question, "_", "-") + "-" + strings.ReplaceAll(c.Answer, "_", "-")
		st := newStatistic(slug, c.Wave, c.Question, "Cities held whose answer to "+c.Question+" is "+c.Answer,
			c.N, den[c.Wave+" "+c.Question], held[c.Wave])
		answer := c.Answer
		st.Answer = &answer
		out = append(out, st)
	}
	return out
}

// optionStatistics turns option-state counts into one statistic per offered option: selected
// over selected plus not selected (options not offered or not answered do not count).
func optionStatistics(counts []optionCount, held map[string]int) []opencity.Statistic {
	type key struct{ wave, question, concept string }
	num, den, labels := map[key]int{}, map[key]int{}, map[key]string{}
	var keys []key
	for _, c := range counts {
		k := key{c.Wave, c.Question, c.Concept}
		if _, seen := labels[k]; !seen {
			keys = append(keys, k)
			labels[k] = c.Label
		}
		switch c.State {
		case opencity.StateSelected:
			num[k] += c.N
			den[k] += c.N
		case opencity.StateNotSelected:
			den[k] += c.N
		}
	}
	var out []opencity.Statistic
	for _, k := range keys {
		if den[k] == 0 {
			continue
		}
		slug := k.wave + "-" + strings.ReplaceAll(k.question, "_", "-") + "-" + k.concept
		st := newStatistic(slug, k.wave, k.question,
			"Cities held whose answer to "+k.question+" selects "+labels[k], num[k], den[k], held[k.wave])
		option := opencity.ConceptRef(k.concept, labels[k])
		st.Option = &option
		out = append(out, st)
	}
	return out
}
