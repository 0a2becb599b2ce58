package api_test

import (
	"strings"
	"testing"
)

// A needle is one fact of a seed document or DOMAIN.md that must be somewhere in what the API
// serves: text (a substring of some string) or a number (exactly as JSON prints it).
type needle struct {
	from string // the sentence of the seed document or DOMAIN.md it comes from
	text string
	num  string
}

// Abbreviations of where a fact comes from.
const (
	oecd = "OECD profile: "
	tri  = "Triangulum summary: "
	dom  = "DOMAIN.md: "
)

var needles = []needle{
	// OECD / Bloomberg profile of Leipzig (seeds/003_8aeca001eb0120d5.txt)
	{from: oecd + "Leipzig", text: "Leipzig"},
	{from: oecd + "Germany", text: "Germany"},
	{from: oecd + "Mayor Burkhard Jung", text: "Burkhard Jung"},
	{from: oecd + "Population 600,000 (2019)", num: "600000"},
	{from: oecd + "Population 600,000 (2019)", text: "600,000 (2019)"},
	{from: oecd + "Population 600,000 (2019)", num: "2019"},
	{from: oecd + "Lead Innovation Officer Ulrich Hörning", text: "Ulrich Hörning"},
	{from: oecd + "Innovation is helping to: Improve internal government operations", text: "Improve internal government operations"},
	{from: oecd + "Innovation is helping to: Anticipate and manage future challenges", text: "Anticipate and manage future challenges"},
	{from: oecd + "Innovation is helping to: Simplify administrative procedures ...", text: "Simplify administrative procedures for firms and residents"},
	{from: oecd + "Critical success factors: Dedicated funding", text: "Dedicated funding"},
	{from: oecd + "Critical success factors: Human resource support", text: "Human resource support"},
	{from: oecd + "Critical success factors: Culture of innovation in city", text: "Culture of innovation in city"},
	{from: oecd + "Critical success factors: Dedicated innovation team", text: "Dedicated innovation team"},
	{from: oecd + "Critical success factors: Leadership from Mayor", text: "Leadership from Mayor"},
	{from: oecd + "Launched in 2012, the pilot project", num: "2012"},
	{from: oecd + "Launched in 2012, the pilot project", text: "pilot project"},
	{from: oecd + "“Leipzig Thinking Ahead”", text: "Leipzig Thinking Ahead"},
	{from: oecd + "a coordination center for civic participation within the City Council", text: "coordination center for civic participation within the City Council"},
	{from: oecd + "residents, politicians, policymakers, and experts", text: "policymakers"},
	{from: oecd + "sustainable urban development in the city", text: "sustainable urban development"},
	{from: oecd + "virtual spaces, a future series, surveys", text: "a future series"},
	{from: oecd + "virtual spaces", text: "virtual spaces"},
	{from: oecd + "the creative use of LEGO building blocks", text: "LEGO"},
	{from: oecd + "Along with 50% of cities surveyed", text: "50% of cities surveyed"},
	{from: oecd + "Along with 50% of cities surveyed", num: "0.5"},
	{from: oecd + "Leipzig has an explicit innovation strategy", text: "explicit innovation strategy"},
	{from: oecd + "Similar to more than half of cities surveyed", text: "more than half"},
	{from: oecd + "both from a holistic/macro level, as well as in specific policy areas", text: "holistic/macro level"},
	{from: oecd + "Policy areas that Leipzig is focused on: Transport/Mobility", text: "Transport/Mobility"},
	{from: oecd + "Policy areas that Leipzig is focused on: Environment and climate change", text: "Environment and climate change"},
	{from: oecd + "Policy areas by number of cities", text: "Policy areas by number of cities"},
	{from: oecd + "Project manager", text: "Project manager"},
	{from: oecd + "Data scientist", text: "Data scientist"},
	{from: oecd + "Communication officer", text: "Communication officer"},
	{from: oecd + "Innovation roles by number of cities", text: "Innovation roles by number of cities"},
	{from: oecd + "Leipzig’s innovation work is sprinkled throughout the municipal administration.", text: "sprinkled throughout the municipal administration"},
	{from: oecd + "Terms Leipzig most associates with innovation: Data analytics", text: "Data analytics"},
	{from: oecd + "Terms Leipzig most associates with innovation: Resident engagement", text: "Resident engagement"},
	{from: oecd + "Taking risks and testing new ideas", text: "Taking risks and testing new ideas"},
	{from: oecd + "e.g. prototyping new programs or models ...", text: "e.g. prototyping new programs or models to address a persistent city challenge"},
	{from: oecd + "1 Taking risks or testing new ideas", text: "Taking risks or testing new ideas"},
	{from: oecd + "2 Data-driven analytics/public data management", text: "Data-driven analytics/public data management"},
	{from: oecd + "3 Engaging residents in new ways", text: "Engaging residents in new ways"},
	{from: oecd + "4 Developing new solutions based on digital technologies", text: "Developing new solutions based on digital technologies"},
	{from: oecd + "5 Organizational change within the municipality", text: "Organizational change within the municipality"},
	{from: oecd + "6 Human-centered design", text: "Human-centered design"},
	{from: oecd + "7 Rethinking your city’s approach to financing partnerships", text: "Rethinking your city’s approach to financing partnerships"},
	{from: oecd + "Like 81% of cities surveyed", num: "0.81"},
	{from: oecd + "Like 81% of cities surveyed", text: "81% of cities surveyed"},
	{from: oecd + "dedicated funding to support innovation capacity", text: "dedicated funding to support innovation capacity"},
	{from: oecd + "Top sources of funding: Municipal budget", text: "Municipal budget"},
	{from: oecd + "City Council approved funds; operating budget", text: "City Council approved funds; operating budget"},
	{from: oecd + "a special funding process (bond, Mayoral special initiative funding, etc.)", text: "a special funding process (bond, Mayoral special initiative funding, etc.)"},
	{from: oecd + "participatory budgeting / citizen-selected budgeting", text: "participatory budgeting / citizen-selected budgeting"},
	{from: oecd + "Activities being funded: Idea generation & brainstorming", text: "Idea generation & brainstorming"},
	{from: oecd + "Activities being funded: Investing in digital systems", text: "Investing in digital systems"},
	{from: oecd + "47 cities", num: "47"},
	{from: oecd + "47 cities", text: "47 cities"},
	{from: oecd + "Launching or sustaining a project 79 cities", num: "79"},
	{from: oecd + "Launching or sustaining a project 79 cities", text: "Launching or sustaining a project"},
	{from: oecd + "Idea generation & brainstorming 51 cities", num: "51"},
	{from: oecd + "Investing in digital systems 36 cities", num: "36"},
	{from: oecd + "Investing in physical infrastructure 30 cities", num: "30"},
	{from: oecd + "Investing in physical infrastructure 30 cities", text: "Investing in physical infrastructure"},
	{from: oecd + "Paying for services", text: "Paying for services"},
	{from: oecd + "Similar to 61% of participating cities in the 2020 survey", num: "0.61"},
	{from: oecd + "Similar to 61% of participating cities in the 2020 survey", text: "61% of participating cities in the 2020 survey"},
	{from: oecd + "training staff and building capacity*", text: "Training staff and building capacity"},
	{from: oecd + "*... is not an option in the 2018 survey", text: "not an option in the 2018 survey"},
	{from: oecd + "*... is not an option in the 2020 survey", text: "not an option in the 2020 survey"},
	{from: oecd + "partnerships ... with other public agencies", text: "other public agencies"},
	{from: oecd + "partnerships ... with city residents/resident associations", text: "city residents/resident associations"},
	{from: oecd + "data partnerships with the State’s Statistical Office", text: "State’s Statistical Office"},
	{from: oecd + "data partnerships with ... the National Labor Agency", text: "National Labor Agency"},
	{from: oecd + "data partnerships with ... other environmental institutions", text: "other environmental institutions"},
	{from: oecd + "to collect and analyze data", text: "to collect and analyze data"},
	{from: oecd + "Sufficient data: Economic Development", text: "Economic Development"},
	{from: oecd + "Sufficient data: Health", text: "Health"},
	{from: oecd + "Sufficient data: Housing", text: "Housing"},
	{from: oecd + "Sufficient data: Policing and law enforcement", text: "Policing and law enforcement"},
	{from: oecd + "Sufficient data: Government finance", text: "Government finance"},
	{from: oecd + "Sufficient data: Social inclusion and equity", text: "Social inclusion and equity"},
	{from: oecd + "Sufficient data: Labour market and skills", text: "Labour market and skills"},
	{from: oecd + "Sufficient data: Education", text: "Education"},
	{from: oecd + "Sufficient data: Culture", text: "Culture"},
	{from: oecd + "Sufficient data: Tourism", text: "Tourism"},
	{from: oecd + "Sufficient data: Public works", text: "Public works"},
	{from: oecd + "Sufficient data: Land use", text: "Land use"},
	{from: oecd + "Sufficient data: Waste and sewage", text: "Waste and sewage"},
	{from: oecd + "Sufficient data: Blight", text: "Blight"},
	{from: oecd + "Sufficient data: Built environment", text: "Built environment"},
	{from: oecd + "Insufficient data: Social welfare/social services", text: "Social welfare/social services"},

	// Triangulum summary of Leipzig (seeds/000_5a71cff17a0c3b16.txt)
	{from: tri + "Summary of Follower City Leipzig", text: "Summary of Follower City Leipzig"},
	{from: tri + "knowledge exchange with the three Lighthouse Cities", text: "three Lighthouse Cities"},
	{from: tri + "Leipzig needs to reorganise its internal working structures", text: "reorganise its internal working structures"},
	{from: tri + "Starting in spring 2018, a dialogue", text: "spring 2018"},
	{from: tri + "the Department for General Services", text: "Department for General Services"},
	{from: tri + "the Department for Economic Affairs and Employment", text: "Department for Economic Affairs and Employment"},
	{from: tri + "the Mayor’s Office", text: "Mayor’s Office"},
	{from: tri + "the Triangulum team", text: "Triangulum team"},
	{from: tri + "a “Digital City Unit” was installed", text: "Digital City Unit"},
	{from: tri + "in the Department for Economy and Labour in April 2019", text: "Department for Economy and Labour"},
	{from: tri + "in April 2019", text: "2019-04"},
	{from: tri + "renamed to “the Department for Economy, Labour and Digital Affairs”", text: "Department for Economy, Labour and Digital Affairs"},
	{from: tri + "developing guidelines, drafting projects, creating different committees and networks", text: "developing guidelines, drafting projects, creating different committees and networks"},
	{from: tri + "A competence centre for digitization", text: "A competence centre for digitization within and for the city administration as well as external actors such as enterprises, civil society and science"},
	{from: tri + "responsible for the development and implementation of innovation projects", text: "responsible for the development and implementation of innovation projects with the help of municipal budget but also financed by the EU and national funding (incl. development of funding proposal and grant management)"},
	{from: tri + "an internal service provider for the city administration", text: "an internal service provider for the city administration offering advice and support regarding funding opportunities and grant management"},
	{from: tri + "representing the City of Leipzig on national and international events", text: "representing the City of Leipzig on national and international events and networks (e.g. German Smart City Network, EIP-SCC events)"},
	{from: tri + "an interface function between the municipality and its subsidiaries", text: "an interface function between the municipality and its subsidiaries (public utilities and other enterprises)"},
	{from: tri + "German Smart City Network", text: "German Smart City Network"},
	{from: tri + "EIP-SCC events", text: "EIP-SCC"},
	{from: tri + "three different formats: Future Forum", text: "Future Forum"},
	{from: tri + "three different formats: Future Expert Lab", text: "Future Expert Lab"},
	{from: tri + "three different formats: local citizen engagement", text: "local citizen engagement"},
	{from: tri + "contributed strongly to the acceptance and the understanding of smart city processes", text: "acceptance and the understanding of smart city processes"},
	{from: tri + "stakeholders such as the city’s utilities company", text: "the city’s utilities company"},
	{from: tri + "It is planned to continue the Future Forum", text: "continue the Future Forum after the Triangulum project has finished"},
	{from: tri + "The City of Leipzig is on its way to becoming a Smart City.", text: "on its way to becoming a Smart City"},
	{from: tri + "relevant stakeholders from industry and science", text: "relevant stakeholders from industry and science"},
	{from: tri + "the basis of Leipzig’s implementation strategy", text: "implementation strategy"},
	{from: tri + "The approval of two new projects (EfficienCE and SPARCS)", text: "EfficienCE"},
	{from: tri + "The approval of two new projects (EfficienCE and SPARCS)", text: "SPARCS"},
	{from: tri + "its public utilities, local universities and SME’s", text: "local universities"},
	{from: tri + "its public utilities, local universities and SME’s", text: "SME’s"},
	{from: tri + "European exchange and replication of cities", text: "European exchange and replication of cities shaping the digital transformation"},
	{from: tri + "Team Digital City Unit with Mayor Burkhard Jung (Credits: M. Korzer)", text: "Team Digital City Unit with Mayor Burkhard Jung"},
	{from: tri + "Panorama of Leipzig (Credits: M. Korzer)", text: "Panorama of Leipzig"},
	{from: tri + "E-mobility station (Credits: M. Korzer)", text: "E-mobility station"},
	{from: tri + "(Credits: M. Korzer)", text: "M. Korzer"},

	// DOMAIN.md
	{from: dom + "source oecd-profile-leipzig", text: "oecd-profile-leipzig"},
	{from: dom + "source triangulum-leipzig-summary", text: "triangulum-leipzig-summary"},
	{from: dom + "source oecd-2019-report", text: "oecd-2019-report"},
	{from: dom + "source oecd-methodology", text: "oecd-methodology"},
	{from: dom + "source cordis-646578", text: "cordis.europa.eu/project/id/646578"},
	{from: dom + "source cordis-864242", text: "cordis.europa.eu/project/id/864242"},
	{from: dom + "OECD (2019) Enhancing Innovation Capacity in City Government", text: "Enhancing Innovation Capacity in City Government"},
	{from: dom + "doi 10.1787/9789264385047-en", text: "10.1787/9789264385047-en"},
	{from: dom + "published at cities-innovation-oecd.com", text: "cities-innovation-oecd.com"},
	{from: dom + "cities-innovation-oecd.com/methodology", text: "cities-innovation-oecd.com/methodology"},
	{from: dom + "triangulum-project.eu", text: "triangulum-project.eu"},
	{from: dom + "OECD / Bloomberg Philanthropies “Survey on Innovation Capacity in Cities”", text: "Survey on Innovation Capacity in Cities"},
	{from: dom + "OECD / Bloomberg Philanthropies", text: "Bloomberg Philanthropies"},
	{from: dom + "Germany (DE)", text: "DE"},
	{from: dom + "about 550,000 (2014, Triangulum site)", num: "550000"},
	{from: dom + "about 550,000 (2014, Triangulum site)", num: "2014"},
	{from: dom + "2018 (89 cities, oecd-2019-report)", num: "89"},
	{from: dom + "147 cities took part across both (oecd-methodology)", num: "147"},
	{from: dom + "Survey wave 2018", num: "2018"},
	{from: dom + "Survey wave 2020", num: "2020"},
	{from: dom + "Digital governance (2020-era methodology, public record)", text: "Digital governance"},
	{from: dom + "The 2018 report also names community engagement ... roles", text: "Community engagement"},
	{from: dom + "The 2018 report also names ... designer roles", text: "Designer"},
	{from: dom + "answer states: selected", text: "selected"},
	{from: dom + "answer states: not selected", text: "not_selected"},
	{from: dom + "answer states: not offered in that wave", text: "not_offered"},
	{from: dom + "the State's Statistical Office (Saxony's, since Leipzig is in Saxony)", text: "Saxony"},
	{from: dom + "Triangulum — EU Horizon 2020", text: "Horizon 2020"},
	{from: dom + "Smart Cities and Communities lighthouse project", text: "Smart Cities and Communities"},
	{from: dom + "Feb 2015 – Jan 2020", text: "2015-02"},
	{from: dom + "Feb 2015 – Jan 2020", text: "2020-01"},
	{from: dom + "Lighthouse cities Manchester", text: "Manchester"},
	{from: dom + "Lighthouse cities ... Eindhoven", text: "Eindhoven"},
	{from: dom + "Lighthouse cities ... Stavanger", text: "Stavanger"},
	{from: dom + "follower cities ... Prague", text: "Prague"},
	{from: dom + "follower cities ... Sabadell", text: "Sabadell"},
	{from: dom + "observer Tianjin", text: "Tianjin"},
	{from: dom + "role lighthouse", text: "lighthouse"},
	{from: dom + "role follower", text: "follower"},
	{from: dom + "role observer", text: "observer"},
	{from: dom + "role lead partner", text: "lead_partner"},
	{from: dom + "SPARCS — lighthouse cities Espoo and Leipzig", text: "Espoo"},
	{from: dom + "EfficienCE — Interreg Central Europe", text: "Interreg Central Europe"},
	{from: dom + "EfficienCE — April 2019 – March 2022", text: "2022-03"},
	{from: dom + "two names ... treating them as one is an inference to mark", text: "probably one department"},
	{from: dom + "Health appears in both lists: a contradiction in the source", text: "Health"},
	{from: dom + "a stray “47 cities” whose label is lost (probably training staff)", text: "probably training staff"},
	{from: dom + "paying for services (count lost in the source)", text: "count is lost"},
}

func TestEveryFactIsServed(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		texts, numbers := crawl(t, srv).leaves()
		corpus := strings.Join(texts, "\n")
		for _, n := range needles {
			switch {
			case n.num != "" && !numbers[n.num]:
				t.Errorf("number %s not served (%s)", n.num, n.from)
			case n.text != "" && !strings.Contains(corpus, n.text):
				t.Errorf("text %q not served (%s)", n.text, n.from)
			}
		}
	})
}
