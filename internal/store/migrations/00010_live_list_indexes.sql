-- Keyset pages of the lists with soft deletes read only index entries: the indexes of their
-- orders end with deleted_at, so "deleted_at IS NULL" is checked in the index, not in the row
-- (on SQLite each row looked up cost as much as the rest of the page's query together).

-- +goose Up
CREATE INDEX cities_live ON cities (slug, deleted_at);
DROP INDEX cities_country;
CREATE INDEX cities_country ON cities (country_code, slug, deleted_at);
DROP INDEX cities_name;
CREATE INDEX cities_name ON cities (name, slug, deleted_at);
DROP INDEX cities_population;
CREATE INDEX cities_population ON cities (COALESCE(population, -1), slug, deleted_at);
DROP INDEX cities_country_population;
CREATE INDEX cities_country_population ON cities (country_code, COALESCE(population, -1), slug, deleted_at);
DROP INDEX cities_population_year;
CREATE INDEX cities_population_year ON cities (COALESCE(population_year, -1), slug, deleted_at);
CREATE INDEX populations_live ON populations (slug, deleted_at);
CREATE INDEX organisations_live ON organisations (slug, deleted_at);
CREATE INDEX data_partnerships_live ON data_partnerships (slug, deleted_at);

-- +goose Down
DROP INDEX data_partnerships_live;
DROP INDEX organisations_live;
DROP INDEX populations_live;
DROP INDEX cities_population_year;
CREATE INDEX cities_population_year ON cities (COALESCE(population_year, -1), slug);
DROP INDEX cities_country_population;
CREATE INDEX cities_country_population ON cities (country_code, COALESCE(population, -1), slug);
DROP INDEX cities_population;
CREATE INDEX cities_population ON cities (COALESCE(population, -1), slug);
DROP INDEX cities_name;
CREATE INDEX cities_name ON cities (name, slug);
DROP INDEX cities_country;
CREATE INDEX cities_country ON cities (country_code, slug);
DROP INDEX cities_live;
