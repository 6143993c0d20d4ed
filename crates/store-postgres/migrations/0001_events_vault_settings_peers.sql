-- Never modify a migration once it has landed: add a new one.
-- Tables are created in the connection's current schema (the first of its search_path).

-- Every event, in the order this node first stored it. The bytes are the record; the other
-- columns are indexes over them. The position is assigned in insertion order by the identity.
CREATE TABLE events (
    position   BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         BYTEA    NOT NULL UNIQUE,
    assembly   BYTEA    NOT NULL,
    author     BYTEA    NOT NULL,
    author_seq BIGINT   NOT NULL,
    kind       INTEGER  NOT NULL,
    time       BIGINT   NOT NULL,
    bytes      BYTEA    NOT NULL
);
CREATE INDEX events_by_assembly ON events (assembly, position);
CREATE INDEX events_by_author ON events (assembly, author, author_seq);

-- Members' signing keys, encrypted on their devices, for signing in on another device.
-- Handles are stored normalised (trimmed, lowercase) and compared byte for byte.
CREATE TABLE vault (
    handle  TEXT COLLATE "C" PRIMARY KEY,
    key     BYTEA  NOT NULL,
    sealed  BYTEA  NOT NULL,
    updated BIGINT NOT NULL
);

CREATE TABLE settings (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value BYTEA NOT NULL
);

-- The nodes this node syncs with, and what it knew of them at the last contact. Addresses
-- sort byte for byte, as on SQLite.
CREATE TABLE peers (
    url             TEXT COLLATE "C" PRIMARY KEY,
    -- How the peer became known: 'flag' (plenum serve --peer), 'ui' (a convenor), 'lan' (mDNS).
    source          TEXT   NOT NULL,
    added           BIGINT NOT NULL,
    -- The peer's node id (16 bytes) once it has answered.
    node            BYTEA,
    last_attempt    BIGINT NOT NULL DEFAULT 0,
    last_contact    BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    events_sent     BIGINT NOT NULL DEFAULT 0,
    events_received BIGINT NOT NULL DEFAULT 0,
    -- Per assembly, the peer's event count and heads at the last contact (record::wire).
    assemblies      BYTEA  NOT NULL DEFAULT '\x'
);
