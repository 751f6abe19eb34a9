-- Accounts, API keys and the audit log (issue 7). A key is stored only as the SHA-256 of its text: the key itself is
-- shown once, when it is created. Keys are revoked (revoked_at set), never deleted, so that lists keep their history.
CREATE TABLE app_user (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username   text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    role       text        NOT NULL CHECK (role IN ('admin', 'researcher', 'viewer')),
    teams      text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    disabled   boolean     NOT NULL DEFAULT false
);

CREATE TABLE api_key (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES app_user (id),
    name         text        NOT NULL,
    prefix       text        NOT NULL,
    key_sha256   text        NOT NULL UNIQUE CHECK (key_sha256 ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_key_user_created_at_idx ON api_key (user_id, created_at);

-- One row per authenticated request that changes something (every method but GET/HEAD/OPTIONS), written after the
-- request ended: who, what (method and path), which model the path names, the status it got and how long it took.
CREATE TABLE audit_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    username    text        NOT NULL,
    action      text        NOT NULL,
    model       text,
    status      integer     NOT NULL,
    duration_ms bigint      NOT NULL CHECK (duration_ms >= 0),
    detail      text
);

CREATE INDEX audit_event_at_idx ON audit_event (at DESC);
CREATE INDEX audit_event_username_at_idx ON audit_event (username, at DESC);
CREATE INDEX audit_event_model_at_idx ON audit_event (model, at DESC);
