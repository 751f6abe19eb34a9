import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { hashOf } from '../common/useHashRoute';

type Model = Schemas['ModelResponse'];

/** The resident models, and the hook catalogue of the one chosen. */
export function ModelsView() {
  const [models] = useAsync(() => call(api.GET('/api/v1/models')), []);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <section aria-labelledby="models-heading">
      <h1 id="models-heading">Models</h1>
      <StateView
        state={models}
        what="the models"
        isEmpty={(list) => list.length === 0}
        empty="No model is resident. An administrator can load one (POST /api/v1/models)."
      >
        {(list) => (
          <>
            <ModelTable models={list} chosen={chosen} onChoose={setChosen} />
            {chosen && <HookCatalogue model={chosen} />}
          </>
        )}
      </StateView>
    </section>
  );
}

interface ModelTableProps {
  models: Model[];
  chosen: string | null;
  onChoose: (name: string) => void;
}

function ModelTable({ models, chosen, onChoose }: ModelTableProps) {
  return (
    <table aria-label="Resident models">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Architecture</th>
          <th scope="col">Layers × heads × d_model</th>
          <th scope="col">Vocabulary</th>
          <th scope="col">Context</th>
          <th scope="col">Parameters</th>
          <th scope="col">dtype / device</th>
          <th scope="col">Hooks</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => (
          <tr key={model.name} aria-selected={model.name === chosen}>
            <th scope="row" className="mono">
              {model.name}
            </th>
            <td>{model.architecture}</td>
            <td>
              {model.layers} × {model.heads} × {model.dModel}
            </td>
            <td>{model.vocab?.toLocaleString('en')}</td>
            <td>{model.contextLength?.toLocaleString('en')}</td>
            <td>{model.parameterCount?.toLocaleString('en')}</td>
            <td>
              {model.dtype} / {model.device}
            </td>
            <td>{model.hookCount}</td>
            <td className="row">
              <button type="button" className="secondary" onClick={() => onChoose(model.name ?? '')}>
                Hooks of {model.name}
              </button>
              <a href={hashOf('playground', model.name ?? '')}>Open in playground</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HookCatalogue({ model }: { model: string }) {
  const [hooks] = useAsync(
    () => call(api.GET('/api/v1/models/{name}/hooks', { params: { path: { name: model } } })),
    [model],
  );
  const [filter, setFilter] = useState('');
  return (
    <section className="panel" aria-labelledby="hooks-heading">
      <h2 id="hooks-heading">
        Hook points of <span className="mono">{model}</span>
      </h2>
      <div className="row">
        <label htmlFor="hook-filter">Filter</label>
        <input
          id="hook-filter"
          placeholder="e.g. hook_pattern or blocks.1"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <StateView state={hooks} what="the hooks" isEmpty={(list) => list.length === 0}>
        {(list) => {
          const shown = list.filter((hook) => (hook.name ?? '').includes(filter.trim()));
          return (
            <table aria-label={`Hook points of ${model}`}>
              <caption>
                {shown.length} of {list.length} hook points
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Shape</th>
                  <th scope="col">Meaning</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((hook) => (
                  <tr key={hook.name}>
                    <td className="mono">{hook.name}</td>
                    <td className="mono">{hook.shape}</td>
                    <td>{hook.meaning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </StateView>
    </section>
  );
}
