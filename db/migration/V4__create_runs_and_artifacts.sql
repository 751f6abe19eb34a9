-- Runs of experiment versions and their artifacts (issue 6). A run is inserted as RUNNING before its first step and
-- updated once, when it ends (SUCCEEDED or FAILED, with its results or its error). Runs still RUNNING when the server
-- starts were cut off by a stop and are marked FAILED then. JSON documents are stored as text, exactly as written.
CREATE TABLE experiment_run (
    id           uuid        PRIMARY KEY,
    version_id   bigint      NOT NULL REFERENCES experiment_version (id),
    owner        text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    model_name   text        NOT NULL,
    replay       boolean     NOT NULL DEFAULT false,
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    duration_ms  bigint      CHECK (duration_ms >= 0),
    manifest     text        NOT NULL,
    results      text,
    metrics      text,
    profile      text,
    error        text,
    CHECK ((status = 'RUNNING') = (ended_at IS NULL)),
    CHECK (status <> 'FAILED' OR error IS NOT NULL)
);

CREATE INDEX experiment_run_version_started_at_idx ON experiment_run (version_id, started_at DESC);
CREATE INDEX experiment_run_owner_started_at_idx ON experiment_run (owner, started_at DESC);
CREATE INDEX experiment_run_running_idx ON experiment_run (status) WHERE status = 'RUNNING';

-- Content-addressed: the key is the SHA-256 of the bytes. Small artifacts keep their bytes here; larger ones live in
-- the file store (arrakis.artifacts.dir) under their hash, and the row says how large they are.
CREATE TABLE artifact (
    sha256     text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type text        NOT NULL,
    size_bytes bigint      NOT NULL CHECK (size_bytes >= 0),
    content    bytea,
    in_file    boolean     NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (in_file = (content IS NULL))
);

CREATE TABLE run_artifact (
    run_id          uuid NOT NULL REFERENCES experiment_run (id),
    name            text NOT NULL,
    artifact_sha256 text NOT NULL REFERENCES artifact (sha256),
    PRIMARY KEY (run_id, name)
);

CREATE INDEX run_artifact_artifact_idx ON run_artifact (artifact_sha256);
