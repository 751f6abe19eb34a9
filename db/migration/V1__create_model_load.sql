-- One row per load of a model into server memory, appended by ModelRegistry at startup.
CREATE TABLE model_load (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_name      text        NOT NULL,
    architecture    text        NOT NULL,
    parameter_count bigint      NOT NULL CHECK (parameter_count >= 0),
    dtype           text        NOT NULL,
    device          text        NOT NULL,
    load_millis     bigint      NOT NULL CHECK (load_millis >= 0),
    loaded_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX model_load_model_name_loaded_at_idx ON model_load (model_name, loaded_at DESC);
