-- Never modify a migration once it has landed: add a new one.

-- The nodes this node syncs with, and what it knew of them at the last contact.
CREATE TABLE peers (
    url            TEXT    PRIMARY KEY,
    -- How the peer became known: 'flag' (plenum serve --peer), 'ui' (a convenor), 'lan' (mDNS).
    source         TEXT    NOT NULL,
    added          INTEGER NOT NULL,
    -- The peer's node id (16 bytes) once it has answered.
    node           BLOB,
    last_attempt   INTEGER NOT NULL DEFAULT 0,
    last_contact   INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    events_sent    INTEGER NOT NULL DEFAULT 0,
    events_received INTEGER NOT NULL DEFAULT 0,
    -- Per assembly, the peer's event count and heads at the last contact (record::wire).
    assemblies     BLOB    NOT NULL DEFAULT x''
);
