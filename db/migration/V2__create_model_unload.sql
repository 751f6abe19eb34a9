-- One row per unload of a resident model (DELETE /api/v1/models/{name}), appended by ModelRegistry: which load it
-- ended and when the model stopped being served. model_load stays insert-only; a load without an unload row stayed
-- resident until the server stopped.
CREATE TABLE model_unload (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_load_id bigint      NOT NULL UNIQUE REFERENCES model_load (id),
    unloaded_at   timestamptz NOT NULL DEFAULT now()
);
