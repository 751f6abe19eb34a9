-- Long tool calls run as jobs (issue 7): submitted as QUEUED, then RUNNING, and ended once as SUCCEEDED (with the
-- result, inline or as an artifact), FAILED (with the error), CANCELLED, or INTERRUPTED (queued or running when the
-- server stopped: marked at the next start, never silently lost).
CREATE TABLE job (
    id              uuid        PRIMARY KEY,
    owner           text        NOT NULL,
    model           text        NOT NULL,
    tool            text        NOT NULL,
    method          text        NOT NULL,
    params          text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED',
                                                           'INTERRUPTED')),
    submitted_at    timestamptz NOT NULL,
    started_at      timestamptz,
    ended_at        timestamptz,
    forward_passes  bigint      NOT NULL DEFAULT 0,
    result          text,
    result_artifact text        REFERENCES artifact (sha256),
    error           text
);

CREATE INDEX job_owner_submitted_at_idx ON job (owner, submitted_at DESC);
CREATE INDEX job_unfinished_idx ON job (status) WHERE status IN ('QUEUED', 'RUNNING');
