import { api, call, type Schemas } from '../api/client';

type RunRecord = Schemas['RunRecord'];

/** The experiment endpoints this view uses, in one place (component tests mock this module). */
export const experimentsApi = {
  list: () => call(api.GET('/api/v1/experiments')),

  experiment: (owner: string, name: string) =>
    call(api.GET('/api/v1/experiments/{owner}/{name}', { params: { path: { owner, name } } })),

  versions: (owner: string, name: string) =>
    call(api.GET('/api/v1/experiments/{owner}/{name}/versions', { params: { path: { owner, name } } })),

  runs: (owner: string, name: string, sha256: string) =>
    call(
      api.GET('/api/v1/experiments/{owner}/{name}/versions/{sha256}/runs', {
        params: { path: { owner, name, sha256 } },
      }),
    ),

  run: (id: string) => call(api.GET('/api/v1/runs/{id}', { params: { path: { id } } })),

  diff: (left: string, right: string) =>
    call(api.GET('/api/v1/runs/{id}/diff/{other}', { params: { path: { id: left, other: right } } })),

  models: () => call(api.GET('/api/v1/models')),

  /**
   * Runs a definition again (`POST /api/v1/experiments/runs`): the same definition is the same version, so this is a
   * re-run of it, recorded under the caller.
   */
  rerun: (definition: unknown): Promise<RunRecord> =>
    call(api.POST('/api/v1/experiments/runs', { body: { definition } })),

  /** Runs a stored version on another resident model, recorded as a replay under the experiment's owner. */
  replay: (owner: string, name: string, sha256: string, model: string) =>
    call(
      api.POST('/api/v1/experiments/{owner}/{name}/versions/{sha256}/replay', {
        params: { path: { owner, name, sha256 } },
        body: { model },
      }),
    ),
};
