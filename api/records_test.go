package api_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
)

func TestProjectFacts(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		cases := []struct {
			slug, programme, starts, ends string
			roles                         map[string]string // city → role
		}{
			{"triangulum", "EU Horizon 2020", "2015-02", "2020-01", map[string]string{
				"manchester": "lighthouse", "eindhoven": "lighthouse", "stavanger": "lighthouse",
				"leipzig": "follower", "prague": "follower", "sabadell": "follower", "tianjin": "observer"}},
			{"sparcs", "EU Horizon 2020", "<null>", "<null>", map[string]string{"espoo": "lighthouse", "leipzig": "lighthouse"}},
			{"efficience", "Interreg Central Europe", "2019-04", "2022-03", map[string]string{"leipzig": "lead_partner"}},
		}
		for _, tc := range cases {
			p := getJSON[opencity.Project](t, srv, "/v1/projects/"+tc.slug)
			if p.Programme != tc.programme || str(p.StartsOn) != tc.starts || str(p.EndsOn) != tc.ends {
				t.Errorf("%s: %s %s–%s, want %s %s–%s", tc.slug, p.Programme, str(p.StartsOn), str(p.EndsOn), tc.programme, tc.starts, tc.ends)
			}
			if tc.starts == "<null>" && p.DatesNote == nil {
				t.Errorf("%s: dates null without a dates_note", tc.slug)
			}
			roles := map[string]string{}
			for _, r := range p.Participations {
				roles[r.City.Slug] = r.Role
			}
			if len(roles) != len(tc.roles) {
				t.Errorf("%s: roles %v, want %v", tc.slug, roles, tc.roles)
			}
			for city, role := range tc.roles {
				if roles[city] != role {
					t.Errorf("%s: %s is %q, want %q", tc.slug, city, roles[city], role)
				}
			}
		}
	})
}

func TestDigitalCityUnit(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		u := getJSON[opencity.OrgUnit](t, srv, "/v1/org-units/digital-city-unit")
		if str(u.EstablishedOn) != "2019-04" || u.Parent == nil || u.Parent.Slug != "department-for-economy-labour-and-digital-affairs" {
			t.Errorf("digital city unit established %s in %+v, want 2019-04 in the renamed department", str(u.EstablishedOn), u.Parent)
		}
		summaries := []string{"competence centre", "innovation projects and grant management", "internal service provider",
			"representing the city in networks", "subsidiaries"}
		if len(u.Responsibilities) != len(summaries) {
			t.Fatalf("%d responsibilities, want 5", len(u.Responsibilities))
		}
		for i, r := range u.Responsibilities {
			if r.Position != i+1 || !strings.Contains(r.Summary, summaries[i]) || r.Source.Slug != "triangulum-leipzig-summary" {
				t.Errorf("responsibility %d = %+v, want position %d about %q from the Triangulum summary", i, r, i+1, summaries[i])
			}
		}
		events := map[string]string{}
		for _, e := range u.History {
			events[e.Event] = str(e.HappenedOn)
		}
		if !strings.HasPrefix(events["dialogue_started"], "2018") || events["installed"] != "2019-04" || events["started_work"] != "2019-04" {
			t.Errorf("history %v, want dialogue started 2018, installed and started work 2019-04", events)
		}
		d := getJSON[opencity.OrgUnit](t, srv, "/v1/org-units/department-for-economic-affairs-and-employment")
		if d.SameAs == nil || d.SameAs.Slug != "department-for-economy-labour-and-digital-affairs" || !d.SameAsInferred {
			t.Errorf("Department for Economic Affairs and Employment same_as %+v inferred %v, want the renamed department, inferred",
				d.SameAs, d.SameAsInferred)
		}
	})
}

func TestParticipationFormatsMediaAndInitiative(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		formats := map[string]string{}
		for _, f := range listAll[opencity.ParticipationFormat](t, srv, "/v1/participation-formats") {
			formats[f.Name] = f.Continuation
			if f.Project.Slug != "triangulum" || f.City.Slug != "leipzig" {
				t.Errorf("format %s: project %s city %s, want triangulum in leipzig", f.Name, f.Project.Slug, f.City.Slug)
			}
		}
		want := map[string]string{"Future Forum": "planned", "Future Expert Lab": "not_stated", "local citizen engagement": "not_stated"}
		if len(formats) != 3 {
			t.Errorf("participation formats %v, want the three of the Triangulum summary", formats)
		}
		for name, cont := range want {
			if formats[name] != cont {
				t.Errorf("format %q continuation %q, want %q", name, formats[name], cont)
			}
		}
		media := listAll[opencity.Media](t, srv, "/v1/media")
		if len(media) != 3 {
			t.Errorf("%d media, want the 3 photographs", len(media))
		}
		for _, m := range media {
			if m.Credit != "M. Korzer" || m.Source.Slug != "triangulum-leipzig-summary" {
				t.Errorf("%s: credit %q source %q, want M. Korzer from the Triangulum summary", m.Slug, m.Credit, m.Source.Slug)
			}
		}
		in := getJSON[opencity.Initiative](t, srv, "/v1/initiatives/leipzig-thinking-ahead")
		if in.LaunchedYear == nil || *in.LaunchedYear != 2012 || str(in.StartedAs) != "pilot project" {
			t.Errorf("initiative launched %v as %s, want 2012 as pilot project", in.LaunchedYear, str(in.StartedAs))
		}
		if !slices.ContainsFunc(in.Methods, func(m string) bool { return strings.Contains(m, "LEGO") }) || len(in.Stakeholders) != 4 {
			t.Errorf("initiative methods %q stakeholders %q, want LEGO among methods and 4 stakeholders", in.Methods, in.Stakeholders)
		}
	})
}

func TestDataPartnersAreOrganisations(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		partners := map[string]bool{}
		for _, p := range listAll[opencity.DataPartnership](t, srv, "/v1/data-partnerships") {
			if p.City.Slug == "leipzig" {
				partners[p.Partner.Slug] = true
				getJSON[opencity.Organisation](t, srv, p.Partner.Href)
			}
		}
		if len(partners) != 3 {
			t.Errorf("leipzig data partners %v, want 3", partners)
		}
		o := getJSON[opencity.Organisation](t, srv, "/v1/organisations/saxony-state-statistical-office")
		if o.NameAsPrinted != "State’s Statistical Office" || !o.IdentityInferred {
			t.Errorf("statistical office printed as %q, inferred %v; want “State’s Statistical Office”, inferred", o.NameAsPrinted, o.IdentityInferred)
		}
	})
}

func TestSources(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		got := map[string]opencity.Source{}
		for _, s := range listAll[opencity.Source](t, srv, "/v1/sources") {
			got[s.Slug] = s
			if s.Title == "" || s.Publisher == "" || !strings.HasPrefix(s.URL, "https://") || s.Synthetic {
				t.Errorf("source %s: title %q publisher %q url %q synthetic %v", s.Slug, s.Title, s.Publisher, s.URL, s.Synthetic)
			}
		}
		for slug, url := range map[string]string{
			"oecd-profile-leipzig": "cities-innovation-oecd.com", "triangulum-leipzig-summary": "triangulum-project.eu",
			"oecd-2019-report": "10.1787/9789264385047-en", "oecd-methodology": "cities-innovation-oecd.com/methodology",
			"cordis-646578": "cordis.europa.eu/project/id/646578", "cordis-864242": "cordis.europa.eu/project/id/864242",
		} {
			if s, ok := got[slug]; !ok || !strings.Contains(s.URL, url) {
				t.Errorf("source %s: %+v, want one at %s", slug, s, url)
			}
		}
		if s := got["triangulum-leipzig-summary"]; s.Kind != "seed_document" || got["oecd-profile-leipzig"].Kind != "seed_document" {
			t.Errorf("seed documents not marked kind seed_document")
		}
	})
}
