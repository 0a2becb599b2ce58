-- The OpenCity schema. Portable SQL: it runs unchanged on SQLite and PostgreSQL.
-- Every record has a stable text slug as its primary key (the keyset order of its list)
-- and names the source it comes from. Dates are ISO 8601 text ('2019-04', '2015-02-01').

-- +goose Up
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE sources (
    slug         TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    publisher    TEXT NOT NULL,
    url          TEXT NOT NULL,
    identifier   TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('seed_document', 'public_record', 'synthetic')),
    retrieved_on TEXT,
    licence      TEXT,
    note         TEXT,
    synthetic    BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE surveys (
    slug                TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    publisher           TEXT NOT NULL,
    cities_across_waves INTEGER,
    cities_source       TEXT REFERENCES sources (slug),
    source              TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX surveys_source ON surveys (source);

CREATE TABLE survey_waves (
    slug            TEXT PRIMARY KEY,
    survey          TEXT NOT NULL REFERENCES surveys (slug),
    year            INTEGER NOT NULL,
    cities_surveyed INTEGER,
    cities_note     TEXT,
    source          TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX survey_waves_survey ON survey_waves (survey);

CREATE TABLE vocabularies (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    note        TEXT,
    source      TEXT NOT NULL REFERENCES sources (slug)
);

CREATE TABLE concepts (
    slug       TEXT PRIMARY KEY,
    vocabulary TEXT NOT NULL REFERENCES vocabularies (slug),
    label      TEXT NOT NULL,
    alt_label  TEXT,
    rank       INTEGER,
    definition TEXT,
    note       TEXT,
    source     TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX concepts_vocabulary_slug ON concepts (vocabulary, slug);

CREATE TABLE concept_waves (
    concept TEXT NOT NULL REFERENCES concepts (slug),
    wave    TEXT NOT NULL REFERENCES survey_waves (slug),
    offered BOOLEAN NOT NULL,
    note    TEXT,
    source  TEXT NOT NULL REFERENCES sources (slug),
    PRIMARY KEY (concept, wave)
);

CREATE TABLE cities (
    slug                           TEXT PRIMARY KEY,
    name                           TEXT NOT NULL,
    country_code                   TEXT NOT NULL,
    country_name                   TEXT NOT NULL,
    region                         TEXT,
    region_note                    TEXT,
    mayor                          TEXT,
    mayor_source                   TEXT REFERENCES sources (slug),
    lead_innovation_officer        TEXT,
    lead_innovation_officer_source TEXT REFERENCES sources (slug),
    source                         TEXT NOT NULL REFERENCES sources (slug),
    synthetic                      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX cities_country ON cities (country_code, slug);

CREATE TABLE populations (
    slug        TEXT PRIMARY KEY,
    city        TEXT NOT NULL REFERENCES cities (slug),
    value       BIGINT NOT NULL,
    year        INTEGER NOT NULL,
    approximate BOOLEAN NOT NULL DEFAULT FALSE,
    as_printed  TEXT NOT NULL,
    source      TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX populations_city ON populations (city, year);

CREATE TABLE organisations (
    slug            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    name_as_printed TEXT NOT NULL,
    kind            TEXT NOT NULL,
    city            TEXT REFERENCES cities (slug),
    description     TEXT,
    identity_inferred BOOLEAN NOT NULL DEFAULT FALSE,
    note            TEXT,
    source          TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX organisations_city ON organisations (city);

CREATE TABLE data_partnerships (
    slug    TEXT PRIMARY KEY,
    city    TEXT NOT NULL REFERENCES cities (slug),
    partner TEXT NOT NULL REFERENCES organisations (slug),
    purpose TEXT NOT NULL,
    wave    TEXT REFERENCES survey_waves (slug),
    source  TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX data_partnerships_city ON data_partnerships (city, slug);
CREATE INDEX data_partnerships_partner ON data_partnerships (partner, slug);

CREATE TABLE survey_responses (
    slug              TEXT PRIMARY KEY,
    city              TEXT NOT NULL REFERENCES cities (slug),
    wave              TEXT NOT NULL REFERENCES survey_waves (slug),
    innovation_strategy TEXT NOT NULL CHECK (innovation_strategy IN ('yes', 'no', 'no_answer')),
    approach          TEXT NOT NULL CHECK (approach IN ('holistic', 'policy_areas', 'both', 'no_answer')),
    work_location     TEXT,
    dedicated_funding TEXT NOT NULL CHECK (dedicated_funding IN ('yes', 'no', 'no_answer')),
    roles_count       INTEGER,
    note              TEXT,
    source            TEXT NOT NULL REFERENCES sources (slug),
    UNIQUE (city, wave)
);
CREATE INDEX survey_responses_wave ON survey_responses (wave, slug);

CREATE TABLE answers (
    slug     TEXT PRIMARY KEY,
    response TEXT NOT NULL REFERENCES survey_responses (slug),
    question TEXT NOT NULL,
    concept  TEXT NOT NULL REFERENCES concepts (slug),
    state    TEXT NOT NULL CHECK (state IN ('selected', 'not_selected', 'not_offered', 'no_answer')),
    rank     INTEGER,
    inferred BOOLEAN NOT NULL DEFAULT FALSE,
    note     TEXT,
    source   TEXT NOT NULL REFERENCES sources (slug),
    UNIQUE (response, question, concept)
);
CREATE INDEX answers_concept ON answers (concept);

CREATE TABLE data_availability (
    slug        TEXT PRIMARY KEY,
    city        TEXT NOT NULL REFERENCES cities (slug),
    wave        TEXT REFERENCES survey_waves (slug),
    policy_area TEXT NOT NULL REFERENCES concepts (slug),
    status      TEXT NOT NULL CHECK (status IN ('sufficient', 'insufficient')),
    conflict    BOOLEAN NOT NULL DEFAULT FALSE,
    position    INTEGER NOT NULL,
    note        TEXT,
    source      TEXT NOT NULL REFERENCES sources (slug),
    UNIQUE (city, policy_area, status)
);
CREATE INDEX data_availability_city ON data_availability (city, status, position);
CREATE INDEX data_availability_area ON data_availability (policy_area);

CREATE TABLE comparisons (
    slug             TEXT PRIMARY KEY,
    survey           TEXT NOT NULL REFERENCES surveys (slug),
    wave             TEXT REFERENCES survey_waves (slug),
    wave_note        TEXT,
    statement        TEXT NOT NULL,
    as_printed       TEXT NOT NULL,
    share            DOUBLE PRECISION,
    share_qualifier  TEXT CHECK (share_qualifier IN ('exact', 'more_than')),
    city_count       INTEGER,
    denominator      INTEGER,
    denominator_note TEXT,
    figure_note      TEXT,
    concept          TEXT REFERENCES concepts (slug),
    label_inferred   BOOLEAN NOT NULL DEFAULT FALSE,
    note             TEXT,
    source           TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX comparisons_wave ON comparisons (wave, slug);
CREATE INDEX comparisons_concept ON comparisons (concept);

CREATE TABLE initiatives (
    slug          TEXT PRIMARY KEY,
    city          TEXT NOT NULL REFERENCES cities (slug),
    name          TEXT NOT NULL,
    launched_year INTEGER,
    started_as    TEXT,
    description   TEXT NOT NULL,
    aim           TEXT,
    stakeholders  TEXT NOT NULL,
    methods       TEXT NOT NULL,
    source        TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX initiatives_city ON initiatives (city);

CREATE TABLE projects (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    programme   TEXT NOT NULL,
    kind        TEXT,
    starts_on   TEXT,
    ends_on     TEXT,
    dates_note  TEXT,
    description TEXT,
    source      TEXT NOT NULL REFERENCES sources (slug)
);

CREATE TABLE participations (
    slug      TEXT PRIMARY KEY,
    project   TEXT NOT NULL REFERENCES projects (slug),
    city      TEXT NOT NULL REFERENCES cities (slug),
    role      TEXT NOT NULL CHECK (role IN ('lighthouse', 'follower', 'fellow', 'observer', 'lead_partner')),
    starts_on TEXT,
    ends_on   TEXT,
    note      TEXT,
    source    TEXT NOT NULL REFERENCES sources (slug),
    UNIQUE (project, city, role)
);
CREATE INDEX participations_city ON participations (city, slug);
CREATE INDEX participations_project ON participations (project, slug);

CREATE TABLE org_units (
    slug             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    city             TEXT NOT NULL REFERENCES cities (slug),
    kind             TEXT NOT NULL CHECK (kind IN ('unit', 'department', 'office', 'team')),
    parent           TEXT REFERENCES org_units (slug),
    established_on   TEXT,
    description      TEXT,
    same_as          TEXT REFERENCES org_units (slug),
    same_as_inferred BOOLEAN NOT NULL DEFAULT FALSE,
    note             TEXT,
    source           TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX org_units_city ON org_units (city);
CREATE INDEX org_units_parent ON org_units (parent);

CREATE TABLE org_unit_events (
    unit        TEXT NOT NULL REFERENCES org_units (slug),
    position    INTEGER NOT NULL,
    happened_on TEXT,
    event       TEXT NOT NULL CHECK (event IN ('dialogue_started', 'installed', 'started_work', 'renamed')),
    description TEXT NOT NULL,
    source      TEXT NOT NULL REFERENCES sources (slug),
    PRIMARY KEY (unit, position)
);

CREATE TABLE org_unit_responsibilities (
    unit     TEXT NOT NULL REFERENCES org_units (slug),
    position INTEGER NOT NULL,
    summary  TEXT NOT NULL,
    text     TEXT NOT NULL,
    source   TEXT NOT NULL REFERENCES sources (slug),
    PRIMARY KEY (unit, position)
);

CREATE TABLE participation_formats (
    slug                   TEXT PRIMARY KEY,
    name                   TEXT NOT NULL,
    project                TEXT NOT NULL REFERENCES projects (slug),
    city                   TEXT NOT NULL REFERENCES cities (slug),
    continuation           TEXT NOT NULL CHECK (continuation IN ('planned', 'not_stated')),
    description            TEXT NOT NULL,
    stakeholders           TEXT NOT NULL,
    source                 TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX participation_formats_project ON participation_formats (project);
CREATE INDEX participation_formats_city ON participation_formats (city);

CREATE TABLE media (
    slug    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('photograph')),
    caption TEXT NOT NULL,
    credit  TEXT NOT NULL,
    city    TEXT REFERENCES cities (slug),
    project TEXT REFERENCES projects (slug),
    source  TEXT NOT NULL REFERENCES sources (slug)
);
CREATE INDEX media_city ON media (city);

CREATE TABLE profile_statements (
    slug        TEXT PRIMARY KEY,
    city        TEXT NOT NULL REFERENCES cities (slug),
    position    INTEGER NOT NULL,
    section     TEXT NOT NULL,
    text        TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record      TEXT NOT NULL,
    comparison  TEXT REFERENCES comparisons (slug),
    source      TEXT NOT NULL REFERENCES sources (slug),
    UNIQUE (city, source, position)
);

-- +goose Down
DROP TABLE profile_statements;
DROP TABLE media;
DROP TABLE participation_formats;
DROP TABLE org_unit_responsibilities;
DROP TABLE org_unit_events;
DROP TABLE org_units;
DROP TABLE participations;
DROP TABLE projects;
DROP TABLE initiatives;
DROP TABLE comparisons;
DROP TABLE data_availability;
DROP TABLE answers;
DROP TABLE survey_responses;
DROP TABLE data_partnerships;
DROP TABLE organisations;
DROP TABLE populations;
DROP TABLE cities;
DROP TABLE concept_waves;
DROP TABLE concepts;
DROP TABLE vocabularies;
DROP TABLE survey_waves;
DROP TABLE surveys;
DROP TABLE sources;
DROP TABLE meta;
