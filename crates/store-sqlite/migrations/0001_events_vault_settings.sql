-- Never modify a migration once it has landed: add a new one.

-- Every event, in the order this node first stored it. The bytes are the record; the other
-- columns are indexes over them.
CREATE TABLE events (
    position   INTEGER PRIMARY KEY,
    id         BLOB    NOT NULL UNIQUE,
    assembly   BLOB    NOT NULL,
    author     BLOB    NOT NULL,
    author_seq INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    time       INTEGER NOT NULL,
    bytes      BLOB    NOT NULL
);
CREATE INDEX events_by_assembly ON events (assembly, position);
CREATE INDEX events_by_author ON events (assembly, author, author_seq);

-- Members' signing keys, encrypted on their devices, for signing in on another device.
CREATE TABLE vault (
    handle  TEXT    PRIMARY KEY,
    key     BLOB    NOT NULL,
    sealed  BLOB    NOT NULL,
    updated INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
