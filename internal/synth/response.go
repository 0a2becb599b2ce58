package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Chances that a synthetic city answered each wave, and that a response answered a question.
const (
	answeredWave     = 0.7
	answeredQuestion = 0.3
)

var (
	yesNo        = []string{"yes", "yes", "no", "no_answer"}
	approaches   = []string{"holistic", "policy_areas", "both", "both", "no_answer"}
	workLocation = []string{
		"", "sprinkled throughout the municipal administration", "a dedicated innovation team",
		"the mayor's office", "a digital city unit",
	}
)

// responses gives each city a response to each wave with some chance, and each response
// answers to about a third of the questions: for each option its wave offered, selected or
// not_selected (or no_answer for the whole question); not_offered where the wave did not
// offer it. Options whose wave is not known get no answer.
//
// Answers name their response, so all responses are written first; each response's answers
// come from a seed of their own, drawn once, so they can be made twice — to count the roles
// selected (roles_count), then to be written — without being held in memory.
func (g *generator) responses(int) error {
	resp := g.w.table("survey_responses", "slug", "city", "wave", "innovation_strategy", "approach",
		"work_location", "dedicated_funding", "roles_count", "note", "source")
	type pending struct {
		slug, wave string
		seed       uint64
	}
	var all []pending
	for _, c := range g.cities {
		for _, wave := range waves {
			if !g.chance(answeredWave) {
				continue
			}
			p := pending{slug: c.slug + "-" + wave, wave: wave, seed: g.rnd.Uint64()}
			var rolesCount any
			if g.chance(0.7) {
				rolesCount, _ = g.answers(nil, p.slug, p.wave, p.seed)
			}
			err := resp.add(p.slug, c.slug, wave, pick(g.rnd, yesNo), pick(g.rnd, approaches),
				null(pick(g.rnd, workLocation)), pick(g.rnd, yesNo), rolesCount, nil, SourceSlug)
			if err != nil {
				return err
			}
			all = append(all, p)
		}
	}
	var err error
	if g.stats.SurveyResponses, err = resp.close(); err != nil {
		return err
	}
	ans := g.w.table("answers", "slug", "response", "question", "concept", "state", "rank",
		"inferred", "note", "source")
	for _, p := range all {
		if _, err := g.answers(ans, p.slug, p.wave, p.seed); err != nil {
			return err
		}
	}
	g.stats.Answers, err = ans.close()
	return err
}

// answers makes the answers of one response from seed and adds them to t (none when t is
// nil). It returns how many roles the response selected.
func (g *generator) answers(t *table, response, wave string, seed uint64) (int, error) {
	r := rand.New(rand.NewPCG(seed, 0))
	roles := 0
	for _, q := range questions {
		if r.Float64() >= answeredQuestion {
			continue
		}
		noAnswer := r.Float64() < 0.05
		prefix := response + "-" + strings.ReplaceAll(q.Question, "_", "-") + "-"
		for _, concept := range g.vocab.concepts[q.Vocabulary] {
			offered, known := g.vocab.offered[[2]string{concept, wave}]
			if !known {
				continue
			}
			state := "not_selected"
			switch {
			case !offered:
				state = "not_offered"
			case noAnswer:
				state = "no_answer"
			case r.Float64() < 0.35:
				state = "selected"
				if q.Question == "innovation_roles" {
					roles++
				}
			}
			if t == nil {
				continue
			}
			if err := t.add(prefix+concept, response, q.Question, concept, state, nil, false, nil, SourceSlug); err != nil {
				return 0, err
			}
		}
	}
	return roles, nil
}

var (
	programmes   = []string{"EU Horizon 2020", "Horizon Europe", "Interreg Central Europe", "URBACT", "National smart-city programme"}
	projectWords = []string{"Lumen", "Mobilis", "Ágora", "Smart Fjord", "Citizens' Lab", "Energía", "Grünes Netz", "DataBridge", "Kraftwerk", "Vía Verde"}
	roles        = []string{"lighthouse", "follower", "follower", "fellow", "observer", "lead_partner"}
)

// writeProjects makes one project per 100 cities (at least 5).
func (g *generator) writeProjects(n int) error {
	count := max(5, n/100)
	t := g.w.table("projects", "slug", "name", "programme", "kind", "starts_on", "ends_on",
		"dates_note", "description", "source")
	g.projects = make([]project, count)
	for i := range g.projects {
		name := pick(g.rnd, projectWords) + " " + strconv.Itoa(i+1)
		p := project{slug: SlugPrefix + "project-" + strconv.Itoa(i+1)}
		var kind, note any = nil, nil
		if g.chance(0.8) {
			start := 2012 + g.rnd.IntN(10)
			p.startsOn = strconv.Itoa(start) + "-" + month(1+g.rnd.IntN(12))
			p.endsOn = strconv.Itoa(start+2+g.rnd.IntN(4)) + "-" + month(1+g.rnd.IntN(12))
		} else {
			note = "Dates not stated."
		}
		if g.chance(0.5) {
			kind = "Smart Cities and Communities lighthouse project"
		}
		desc := "A made-up smart-city project for benchmarks."
		if err := t.add(p.slug, name, pick(g.rnd, programmes), kind, null(p.startsOn), null(p.endsOn), note, desc, SourceSlug); err != nil {
			return err
		}
		g.projects[i] = p
	}
	var err error
	g.stats.Projects, err = t.close()
	return err
}

func month(m int) string {
	if m < 10 {
		return "0" + strconv.Itoa(m)
	}
	return strconv.Itoa(m)
}

// participations puts each city in zero to two projects, each with a role.
func (g *generator) participations(int) error {
	t := g.w.table("participations", "slug", "project", "city", "role", "starts_on", "ends_on", "note", "source")
	slugs := make([]string, len(g.projects))
	byslug := make(map[string]project, len(g.projects))
	for i, p := range g.projects {
		slugs[i], byslug[p.slug] = p.slug, p
	}
	for _, c := range g.cities {
		for _, ps := range g.distinct(slugs, weighted(g.rnd, 5, 3, 2)) {
			p := byslug[ps]
			slug := p.slug + "-" + strings.TrimPrefix(c.slug, SlugPrefix)
			if err := t.add(slug, p.slug, c.slug, pick(g.rnd, roles), null(p.startsOn), null(p.endsOn), nil, SourceSlug); err != nil {
				return err
			}
		}
	}
	var err error
	g.stats.Participations, err = t.close()
	return err
}
