/**
 * Every setting of the core schema, grouped, checked by the core as you type; Save stays disabled until the
 * whole draft is valid, so nothing invalid is ever stored. A change of the API's host or port restarts the
 * server, which disconnects the frontends: main asks for that confirmation and this window relays it.
 *
 * Where the proxy's mode keeps its settings elsewhere (headless and `npm run demo`: .env), `readOnly` is the
 * proxy's sentence saying where: it is shown, Save is greyed out, and the fields still let you check a value
 * against the core's rules (validation stores nothing).
 */
import { useState } from 'react';
import { errorText } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { AccessTokenSection } from './AccessTokenSection';
import { CredentialsForm } from './CredentialsForm';
import { getAt, leafPaths } from './objectPath';
import { SecretStorageNotice } from './SecretStorageNotice';
import { SettingField } from './SettingField';
import { SETTINGS_GROUPS, fieldForIssue, genericField, isKnownPath, type FieldModel, type GroupModel } from './settingsModel';
import { UpdatesStatus } from './UpdatesStatus';
import { useSettingsDraft } from './useSettingsDraft';

export function Settings({ readOnly = null }: { readOnly?: string | null }) {
  const s = useSettingsDraft();
  const [confirmRestart, setConfirmRestart] = useState<string | null>(null);
  const [result, setResult] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [tokenKey, setTokenKey] = useState(0);

  if (s.loadError) return <p className="banner banner-warn" role="alert">The settings could not be loaded: {s.loadError}</p>;
  if (!s.snapshot) return <p className="muted">Loading settings…</p>;

  // Keys the model does not describe still get a control, so the window never hides a setting.
  const otherPaths = [...new Set([...leafPaths(s.snapshot.defaults), ...leafPaths(s.draft)])].filter((p) => !isKnownPath(p));
  const groups: GroupModel[] = otherPaths.length
    ? [...SETTINGS_GROUPS, { id: 'other', title: 'Other settings', fields: otherPaths.map((p) => genericField(p, getAt(s.draft, p))) }]
    : [...SETTINGS_GROUPS];
  const allFields = groups.flatMap((g) => g.fields);
  const errorFor = (f: FieldModel) =>
    s.issues
      .filter((i) => fieldForIssue(i.path, allFields) === f)
      .map((i) => i.message)
      .join(' ') || undefined;
  const unplaced = s.issues.filter((i) => !fieldForIssue(i.path, allFields));
  const canSave = readOnly === null && s.dirty && !s.checking && s.issues.length === 0;

  async function save(confirm?: boolean) {
    setResult(null);
    try {
      const r = await s.save(confirm);
      if (r.status === 'saved') {
        setResult({ tone: 'ok', text: r.restarted.length ? `Saved and applied (restarted: ${r.restarted.join(', ')}).` : 'Saved and applied.' });
        setTokenKey((k) => k + 1);
      } else if (r.status === 'needs-confirmation') setConfirmRestart(r.message);
      else if (r.status === 'invalid') setResult({ tone: 'bad', text: 'Not saved: fix the fields marked below.' });
      else setResult({ tone: 'bad', text: `Not saved: ${r.error}` });
    } catch (e) {
      setResult({ tone: 'bad', text: `Not saved: ${errorText(e)}` });
    }
  }

  return (
    // A div, not a form: the credentials form inside must not be nested in another form.
    <div className={`settings${readOnly === null ? '' : ' read-only'}`} role="form" aria-label="Settings">
      {readOnly !== null ? (
        <p className="banner banner-info" role="note" data-testid="settings-read-only">
          {readOnly}
        </p>
      ) : null}
      {s.snapshot.warning ? (
        <p className="banner banner-warn" role="alert">
          {s.snapshot.warning}
        </p>
      ) : null}
      <div className="settings-bar" role="group" aria-label="Save settings">
        <span className="settings-state" role="status" data-testid="settings-state">
          {s.issues.length
            ? `${s.issues.length} problem${s.issues.length > 1 ? 's' : ''} to fix before saving`
            : readOnly !== null
              ? s.dirty
                ? s.checking
                  ? 'Checking…'
                  : 'Valid (not saved here: see above)'
                : 'Read-only here'
              : !s.dirty
              ? 'All changes saved'
              : s.checking
                ? 'Checking…'
                : 'Unsaved changes'}
        </span>
        <button type="button" onClick={s.revert} disabled={!s.dirty}>
          Revert
        </button>
        <button type="button" className="primary" disabled={!canSave} onClick={() => void save()}>
          Save
        </button>
      </div>
      {result ? (
        <p className={`notice tone-${result.tone}`} role="status" data-testid="save-result">
          {result.text}
        </p>
      ) : null}
      {unplaced.length ? (
        <ul className="field-error" role="alert">
          {unplaced.map((i) => (
            <li key={i.path + i.message}>{i.message}</li>
          ))}
        </ul>
      ) : null}
      <nav className="settings-nav" aria-label="Settings groups">
        {groups.map((g) => (
          <a
            key={g.id}
            href={`#group-${g.id}`}
            onClick={(e) => {
              // Keep the #settings route; move focus (and the view) to the group instead.
              e.preventDefault();
              document.getElementById(`group-${g.id}`)?.focus();
            }}
          >
            {g.title}
          </a>
        ))}
      </nav>
      {groups.map((g) => (
        <fieldset key={g.id} className="group" id={`group-${g.id}`} tabIndex={-1}>
          <legend>{g.title}</legend>
          {g.description ? <p className="hint">{g.description}</p> : null}
          <div className="fields">
            {g.fields.map((f) => (
              <SettingField key={f.path} field={f} value={getAt(s.draft, f.path)} error={errorFor(f)} onChange={(v) => s.change(f.path, v)} />
            ))}
          </div>
          {g.id === 'security' ? (
            <div className="security-extras">
              <SecretStorageNotice />
              <AccessTokenSection refreshKey={tokenKey} />
              <CredentialsForm defaultUsername={String(getAt(s.snapshot?.settings, 'auth.username') ?? '')} onChanged={() => setTokenKey((k) => k + 1)} />
            </div>
          ) : null}
          {g.id === 'updates' ? <UpdatesStatus /> : null}
        </fieldset>
      ))}
      <p className="hint">Settings are kept in {s.snapshot.filePath}.</p>
      <ConfirmDialog
        open={confirmRestart !== null}
        title="Restart the local API server?"
        confirmLabel="Save and restart the server"
        onCancel={() => setConfirmRestart(null)}
        onConfirm={() => {
          setConfirmRestart(null);
          void save(true);
        }}
      >
        <p>{confirmRestart}</p>
      </ConfirmDialog>
    </div>
  );
}
