-- The whole data model of design.md. Later issues add columns, not tables.
-- Written once for both dialects: {{ID}} and {{BLOB}} are replaced by the
-- dialect's spelling (see dialect.go); times are Unix nanoseconds (UTC).

-- +goose Up
CREATE TABLE stories (
    id                  {{ID}},
    url                 TEXT NOT NULL UNIQUE,
    canonical_url       TEXT NOT NULL DEFAULT '',
    final_url           TEXT NOT NULL DEFAULT '',
    event               TEXT NOT NULL DEFAULT '',
    schedule            TEXT NOT NULL DEFAULT '',
    selector            TEXT NOT NULL DEFAULT '',
    no_robots           BOOLEAN NOT NULL DEFAULT FALSE,
    source              TEXT NOT NULL,
    config_line         INTEGER NOT NULL DEFAULT 0,
    state               TEXT NOT NULL,
    added_at            BIGINT NOT NULL,
    last_checked_at     BIGINT,
    last_changed_at     BIGINT,
    next_check_at       BIGINT NOT NULL,
    consecutive_errors  INTEGER NOT NULL DEFAULT 0,
    lease_owner         TEXT,
    lease_until         BIGINT,
    etag                TEXT NOT NULL DEFAULT '',
    last_modified       TEXT NOT NULL DEFAULT '',
    region              TEXT NOT NULL DEFAULT '',
    region_fingerprint  TEXT NOT NULL DEFAULT '',
    versions_count      INTEGER NOT NULL DEFAULT 0,
    latest_title        TEXT NOT NULL DEFAULT '',
    latest_figures      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX stories_next_check ON stories (next_check_at);
CREATE INDEX stories_canonical ON stories (canonical_url);
CREATE INDEX stories_final ON stories (final_url);
CREATE INDEX stories_event ON stories (event);

CREATE TABLE checks (
    id             {{ID}},
    story_id       BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    at             BIGINT NOT NULL,
    outcome        TEXT NOT NULL,
    version        INTEGER,
    http_status    INTEGER NOT NULL DEFAULT 0,
    bytes          BIGINT NOT NULL DEFAULT 0,
    duration_ms    BIGINT NOT NULL DEFAULT 0,
    error_class    TEXT,
    error_message  TEXT
);
CREATE INDEX checks_story_at ON checks (story_id, at);

-- One row per distinct version, keyed by the check that stored it: its
-- time is that check's. data is its one blob (codec.go): parts (headline,
-- standfirst, paragraphs, entries and metadata), facts, the changes of the
-- check that stored it and the raw HTML, zstd-compressed against the
-- previous version or anchor as codec says. Every byte here is paid once
-- per version, so nothing is kept that the blob or the check already says:
-- no time, no title (the headline is in the parts), no facts table (the
-- facts are in the blob), and no hash — the text hash is recomputed from
-- the text, and hash16, its first 16 bits, only narrows a revert lookup
-- (hash.go).
CREATE TABLE versions (
    check_id      {{KEY}} REFERENCES checks (id),
    story_id      BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    hash16        SMALLINT NOT NULL,
    suspect       BOOLEAN NOT NULL DEFAULT FALSE,
    revert_of     INTEGER,
    codec         INTEGER NOT NULL,
    data          {{BLOB}} NOT NULL,
    UNIQUE (story_id, n)
);

-- The changes of a check that stored no version (a story gone), one zstd
-- blob (changes.go); a check that stored a version keeps its changes in
-- the version's blob.
CREATE TABLE changes (
    check_id      {{KEY}} REFERENCES checks (id) ON DELETE CASCADE,
    data          {{BLOB}} NOT NULL
);

-- The alert outbox: written in the check's transaction, delivered after
-- commit. A change is named by its check and its index in the check's list.
CREATE TABLE alerts (
    id               {{ID}},
    check_id         BIGINT NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    change_index     INTEGER NOT NULL,
    rule             TEXT NOT NULL,
    sink             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    delivered_at     BIGINT,
    last_error       TEXT
);
CREATE INDEX alerts_pending ON alerts (state, next_attempt_at);

CREATE TABLE robots (
    host        TEXT PRIMARY KEY,
    status      INTEGER NOT NULL,
    body        {{BLOB}},
    fetched_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Small settings of the store itself (the config-stories hash).
CREATE TABLE kv (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- +goose Down
DROP TABLE kv;
DROP TABLE robots;
DROP TABLE alerts;
DROP TABLE changes;
DROP TABLE versions;
DROP TABLE checks;
DROP TABLE stories;
