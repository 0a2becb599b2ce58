-- Indexes for the keyset orders the lists serve (sort=...): each ends with the slug, the
-- unique tie-breaker, and uses the same expression as the ORDER BY (unknown values as -1 or '').

-- +goose Up
CREATE INDEX cities_name ON cities (name, slug);
CREATE INDEX cities_population ON cities (COALESCE(population, -1), slug);
CREATE INDEX cities_country_population ON cities (country_code, COALESCE(population, -1), slug);
CREATE INDEX cities_population_year ON cities (COALESCE(population_year, -1), slug);
CREATE INDEX populations_year ON populations (year, slug);
CREATE INDEX populations_value ON populations (value, slug);
CREATE INDEX concepts_rank ON concepts (COALESCE(rank, -1), slug);
CREATE INDEX concepts_label ON concepts (label, slug);
CREATE INDEX comparisons_share ON comparisons (COALESCE(share, -1), slug);
CREATE INDEX comparisons_city_count ON comparisons (COALESCE(city_count, -1), slug);
CREATE INDEX answers_response ON answers (response, slug);
CREATE INDEX answers_state ON answers (state, slug);
CREATE INDEX organisations_name ON organisations (name, slug);
CREATE INDEX projects_starts ON projects (COALESCE(starts_on, ''), slug);
CREATE INDEX participations_starts ON participations (COALESCE(starts_on, ''), slug);
CREATE INDEX participations_role ON participations (role, slug);

-- +goose Down
DROP INDEX participations_role;
DROP INDEX participations_starts;
DROP INDEX projects_starts;
DROP INDEX organisations_name;
DROP INDEX answers_state;
DROP INDEX answers_response;
DROP INDEX comparisons_city_count;
DROP INDEX comparisons_share;
DROP INDEX concepts_label;
DROP INDEX concepts_rank;
DROP INDEX populations_value;
DROP INDEX populations_year;
DROP INDEX cities_population_year;
DROP INDEX cities_country_population;
DROP INDEX cities_population;
DROP INDEX cities_name;
