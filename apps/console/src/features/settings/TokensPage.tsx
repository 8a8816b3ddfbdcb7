import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, call } from '../../api/client';
import { Empty, ErrorNote, Field, formatTime, Loading } from '../../ui/primitives';
import { RowAction, ShownOnce } from './parts';
import { tokensQuery } from './queries';

const SCOPES = [
  { scope: 'read', says: 'queries, log search and reads' },
  { scope: 'write', says: 'ingest keys, datasets and schemas' },
  { scope: 'admin', says: 'members, destinations, tokens and the account' },
] as const;
type Scope = (typeof SCOPES)[number]['scope'];

const EXPIRIES = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: 'Never', days: 0 },
] as const;

/** Personal access tokens: the signed-in user's own, whatever the project. */
export function TokensPage() {
  const tokens = useQuery(tokensQuery);
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (id: number) => call(api.DELETE('/api/dashboard/tokens/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <>
      <h2>Personal access tokens</h2>
      <p className="muted">Yours, for the control API (scripts, CI); they act as you in every project.</p>
      <NewToken />
      {tokens.isPending && <Loading what="tokens" />}
      <ErrorNote error={tokens.error} />
      <ErrorNote error={revoke.error} />
      {tokens.data?.tokens.length === 0 && <Empty>No tokens yet.</Empty>}
      {tokens.data && tokens.data.tokens.length > 0 && (
        <table>
          <caption>Your personal access tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((token) => (
              <tr key={token.id}>
                <th scope="row">{token.name}</th>
                <td>
                  <code>{token.prefix}</code>
                </td>
                <td>{token.scopes.join(', ')}</td>
                <td>{formatTime(token.createdAt)}</td>
                <td>{token.lastUsedAt ? formatTime(token.lastUsedAt) : 'never'}</td>
                <td>{token.expiresAt ? formatTime(token.expiresAt) : 'never'}</td>
                <td>
                  {token.revokedAt ? (
                    `revoked ${formatTime(token.revokedAt)}`
                  ) : (
                    <RowAction
                      danger
                      label={`Revoke token ${token.name}`}
                      onClick={() => revoke.mutate(token.id)}
                    >
                      Revoke
                    </RowAction>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function NewToken() {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [days, setDays] = useState<number>(30);
  const expiryId = useId();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/dashboard/tokens', {
          body: {
            name,
            scopes,
            ...(days > 0 ? { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const toggle = (scope: Scope, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((item) => item !== scope)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label="New access token">
      <Field label="Token name" value={name} onChange={setName} required />
      <fieldset>
        <legend>Scopes</legend>
        {SCOPES.map(({ scope, says }) => (
          <label key={scope} className="check">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(event) => toggle(scope, event.target.checked)}
            />
            {scope} <span className="muted">({says})</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={expiryId}>Expires after</label>
        <select id={expiryId} value={days} onChange={(event) => setDays(Number(event.target.value))}>
          {EXPIRIES.map((expiry) => (
            <option key={expiry.label} value={expiry.days}>
              {expiry.label}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote error={create.error} />
      <button type="submit" disabled={create.isPending}>
        Create token
      </button>
      {create.data && (
        <ShownOnce
          message="Token created. Copy it now: it is not shown again."
          label={`Token ${create.data.pat.name}`}
          secret={create.data.token}
        />
      )}
    </form>
  );
}
