import { KeyGate } from './auth/KeyGate';
import { ModelsView } from './models/ModelsView';
import { PlaygroundView } from './playground/PlaygroundView';
import { ExperimentsView } from './experiments/ExperimentsView';
import { LiveView } from './live/LiveView';
import { hashOf, useHashRoute } from './common/useHashRoute';

const VIEWS = [
  { id: 'models', label: 'Models' },
  { id: 'playground', label: 'Playground' },
  { id: 'experiments', label: 'Experiments' },
  { id: 'live', label: 'Live' },
] as const;

/** The dashboard: a key gate, a navigation bar and one view per hash route (`#/models`, `#/playground`, ...). */
export function App() {
  return (
    <KeyGate>{(user, signOut) => <Shell username={user.username ?? '?'} role={user.role} signOut={signOut} />}</KeyGate>
  );
}

interface ShellProps {
  username: string;
  role?: string;
  signOut: () => void;
}

function Shell({ username, role, signOut }: ShellProps) {
  const [view = 'models', ...rest] = useHashRoute();
  return (
    <div className="shell">
      <header className="top-bar">
        <span className="brand">Arrakis</span>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map(({ id, label }) => (
              <li key={id}>
                <a href={hashOf(id)} aria-current={view === id ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="user">
          {username}
          {role && <span className="role"> ({role})</span>}
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main className="view">
        {view === 'models' && <ModelsView />}
        {view === 'playground' && <PlaygroundView route={rest} />}
        {view === 'experiments' && <ExperimentsView route={rest} />}
        {view === 'live' && <LiveView />}
        {!VIEWS.some(({ id }) => id === view) && (
          <p role="alert">
            There is no view “{view}”. Choose one of {VIEWS.map(({ label }) => label).join(', ')}.
          </p>
        )}
      </main>
    </div>
  );
}
