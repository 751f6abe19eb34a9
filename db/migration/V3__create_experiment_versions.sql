-- Experiments and their versions (issue 6). A version is the SHA-256 of an experiment definition's canonical JSON:
-- the same definition is the same version; an edit is a new version linked to its parent. Rows are never updated.
CREATE TABLE experiment (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner      text        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner, name)
);

CREATE INDEX experiment_owner_created_at_idx ON experiment (owner, created_at DESC);
CREATE INDEX experiment_name_idx ON experiment (name);

CREATE TABLE experiment_version (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id     bigint      NOT NULL REFERENCES experiment (id),
    sha256            text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    parent_version_id bigint      REFERENCES experiment_version (id),
    definition        text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (experiment_id, sha256)
);

CREATE INDEX experiment_version_experiment_created_at_idx ON experiment_version (experiment_id, created_at DESC);
