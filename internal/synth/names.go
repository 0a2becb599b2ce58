package synth

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// Word lists for made-up names. Many carry accents, so that search with accent folding can be
// benchmarked ("Hörning-Stadt" must be found by "horning").
var (
	stems = []string{
		"Hörning", "Mühlbach", "Altenau", "Großwald", "Bärenfels", "Lindenau", "Östermark",
		"Saint-Étienne", "Villefranche", "Beaulieu", "Château-Vert", "Montréjeau", "Pontoise",
		"São Brás", "Vila Nova", "Alcântara", "Santa Luzia", "Peñaflor", "Almería", "Cañada",
		"Łódka", "Zielona", "Nowy Dwór", "Škofja Vas", "Červený Hrádek", "Žabljak", "Kőszeg",
		"Hajdúszoboszló", "Ålesund", "Søndervig", "Trøndheim", "Jävre", "Åkersberga", "Ærø",
		"Brückenfeld", "Riverton", "Oakridge", "Millbrook", "Ashford", "Kingsbury", "Fairhaven",
		"Castelnuovo", "Sant'Angelo", "Borgomanero", "Città Alta", "Ğazipaşa", "Çeşme",
		"Ișalnița", "Tîrgu Nou", "Kilkenny", "Dún Laoghaire", "Eindhaven", "Zuidmeer",
		"Noorderveld", "Leuwenberg", "Grünstadt", "Übersee", "Neuötting", "Weißenburg",
	}
	suffixes = []string{
		"", "", "", "", "", "-Stadt", "-Nord", "-Süd", " am See", "-sur-Mer", " del Río",
		" an der Elbe", "-Ost", "-West", " Górny", " Dolní", " Nueva", " Alta", "-le-Château",
	}
	firstNames = []string{
		"Jürgen", "Anna", "José", "Zoë", "Łukasz", "Søren", "Ana", "François", "Mária", "Ömer",
		"Björn", "Chloé", "Tomáš", "Inês", "Răzvan", "Siobhán", "Håkon", "Agnieszka", "Noël",
		"Emma", "Liam", "Sofia", "Luca", "Mateo", "Ingrid", "Dagmar", "Élodie", "Ignacio",
	}
	lastNames = []string{
		"Müller", "García", "Novák", "Kowalski", "Dubois", "Jensen", "Hörning", "Rossi", "Silva",
		"Öztürk", "Nieminen", "Van den Berg", "O'Brien", "Łęcki", "Szabó", "Ødegaard", "Peña",
		"Schröder", "Dvořák", "Fernández", "Lefèvre", "Mäkinen", "Popescu", "Smith", "Kovač",
	}
	regions = []string{
		"Saxony", "Bavaria", "Île-de-France", "Andalucía", "Lombardia", "Małopolska",
		"Jihomoravský kraj", "Västra Götaland", "Nordjylland", "Noord-Brabant", "Tirol",
		"Provence-Alpes-Côte d'Azur", "Castilla y León", "Trøndelag", "Győr-Moson-Sopron",
	}
)

// country is a country's ISO 3166-1 alpha-2 code and English short name.
type country struct{ code, name string }

// countries are weighted by repetition: Germany is common, so a filter on it has work to do.
var countries = []country{
	{"DE", "Germany"}, {"DE", "Germany"}, {"DE", "Germany"}, {"DE", "Germany"},
	{"FR", "France"}, {"FR", "France"}, {"ES", "Spain"}, {"ES", "Spain"}, {"IT", "Italy"},
	{"IT", "Italy"}, {"PL", "Poland"}, {"CZ", "Czechia"}, {"AT", "Austria"},
	{"NL", "Netherlands"}, {"BE", "Belgium"}, {"DK", "Denmark"}, {"SE", "Sweden"},
	{"NO", "Norway"}, {"FI", "Finland"}, {"PT", "Portugal"}, {"HU", "Hungary"},
	{"RO", "Romania"}, {"TR", "Türkiye"}, {"GB", "United Kingdom"}, {"IE", "Ireland"},
	{"CH", "Switzerland"}, {"US", "United States"}, {"CA", "Canada"}, {"MX", "Mexico"},
	{"BR", "Brazil"}, {"CO", "Colombia"}, {"CL", "Chile"}, {"JP", "Japan"},
	{"KR", "Korea, Republic of"}, {"AU", "Australia"}, {"NZ", "New Zealand"},
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// cityName makes a city's name: a stem and, sometimes, a suffix.
func cityName(r *rand.Rand) string { return pick(r, stems) + pick(r, suffixes) }

// personName makes a person's name.
func personName(r *rand.Rand) string { return pick(r, firstNames) + " " + pick(r, lastNames) }

// fold maps letters with diacritics to their base letters, as search with folded accents
// sees them.
var fold = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "Æ", "ae", "œ", "oe", "ø", "o", "Ø", "o", "ł", "l", "Ł", "l",
	"đ", "d", "ı", "i", "'", "",
)

// slugify returns the lower-case ASCII slug of a name, cut to max bytes: letters lose their
// accents, anything else becomes a hyphen.
func slugify(name string, max int) string {
	name = fold.Replace(name)
	var b strings.Builder
	hyphen := true // no leading hyphen
	for _, r := range name {
		r = baseLetter(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			hyphen = false
		case !hyphen:
			b.WriteByte('-')
			hyphen = true
		}
		if b.Len() >= max {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// baseLetter returns the lower-case ASCII letter under r's diacritics, or r lowered.
func baseLetter(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0x80 {
		return r
	}
	for base, variants := range accented {
		if strings.ContainsRune(variants, r) {
			return base
		}
	}
	return r
}

var accented = map[rune]string{
	'a': "àáâãäåāăą", 'c': "çćčĉ", 'd': "ďđ", 'e': "èéêëēėęě", 'g': "ğĝģ", 'i': "ìíîïīįı",
	'l': "łľĺ", 'n': "ñńňņ", 'o': "òóôõöøōőœ", 'r': "řŕ", 's': "śšşșŝ", 't': "ťţț",
	'u': "ùúûüūůűų", 'y': "ýÿ", 'z': "źżž",
}
