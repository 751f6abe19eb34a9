import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, apiKey, ApiError, call, onUnauthorized, type Schemas } from '../api/client';
import { ProblemMessage } from '../common/ProblemMessage';

type User = Schemas['UserResponse'];

export interface KeyGateProps {
  /** The app, given the signed-in user and a way to sign out. */
  children: (user: User, signOut: () => void) => ReactNode;
}

/**
 * Asks for an API key until the server accepts one (`GET /api/v1/me`), then shows the app. A key the server refuses
 * later (expired, revoked) brings the form back with the server's reason.
 */
export function KeyGate({ children }: KeyGateProps) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(() => apiKey.get() !== null);
  const [refusal, setRefusal] = useState<unknown>(null);

  const check = async () => {
    setChecking(true);
    try {
      setUser(await call(api.GET('/api/v1/me')));
      setRefusal(null);
    } catch (error) {
      setUser(null);
      setRefusal(error);
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    if (apiKey.get() !== null) void check();
    return onUnauthorized((error) => {
      setUser(null);
      setRefusal(error);
    });
  }, []);

  const signOut = () => {
    apiKey.clear();
    setUser(null);
    setRefusal(null);
  };

  if (user) return <>{children(user, signOut)}</>;
  return (
    <KeyForm
      checking={checking}
      refusal={refusal}
      onSubmit={(key) => {
        apiKey.set(key);
        void check();
      }}
    />
  );
}

interface KeyFormProps {
  checking: boolean;
  refusal: unknown;
  onSubmit: (key: string) => void;
}

function KeyForm({ checking, refusal, onSubmit }: KeyFormProps) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim().length > 0) onSubmit(key);
  };
  const expired = refusal instanceof ApiError && refusal.unauthorized;
  return (
    <main className="key-gate">
      <h1>Arrakis</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <p>
          {expired
            ? 'The server refused the stored API key (it may have been revoked or expired). Enter another key.'
            : 'Enter your API key. The first administrator key is in data/admin-api-key on the server; an administrator can create keys for you.'}
        </p>
        {refusal !== null && <ProblemMessage error={refusal} action="Signing in" />}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          autoFocus
        />
        <button type="submit" disabled={checking || key.trim().length === 0}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
