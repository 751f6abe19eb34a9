-- Who may see an experiment (issue 7): private (its owner and administrators), team (the members of its team) or
-- public (every authenticated user). The team is the owner's team when the experiment was first run, or the one set
-- by PATCH /api/v1/experiments/{owner}/{name}; null when the owner had none.
ALTER TABLE experiment
    ADD COLUMN visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'team', 'public')),
    ADD COLUMN team       text;

CREATE INDEX experiment_visibility_idx ON experiment (visibility) WHERE visibility <> 'private';
