/**
 * The settings being edited: the stored snapshot, the draft, and the core's verdict on the draft. Every edit is
 * sent to validateSettings (debounced) so the sentences next to the fields are the core's own; answers to older
 * drafts are dropped so a slow reply cannot show a stale error.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SaveSettingsResult, SettingsIssue, SettingsSnapshot } from '../../../src/common/ipc';
import { api, errorText } from '../api';
import { setAt, type Plain } from './objectPath';

const VALIDATE_DELAY_MS = 200;

export interface SettingsDraft {
  snapshot: SettingsSnapshot | null;
  loadError: string | null;
  draft: Plain;
  issues: SettingsIssue[];
  /** A validation request is pending for the current draft. */
  checking: boolean;
  dirty: boolean;
  change: (path: string, value: unknown) => void;
  revert: () => void;
  save: (confirmServerRestart?: boolean) => Promise<SaveSettingsResult>;
}

export function useSettingsDraft(): SettingsDraft {
  const [snapshot, setSnapshot] = useState<SettingsSnapshot | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Plain>({});
  const [issues, setIssues] = useState<SettingsIssue[]>([]);
  const [checking, setChecking] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    api()
      .getSettings()
      .then((s) => {
        setSnapshot(s);
        setDraft(s.settings);
      })
      .catch((e: unknown) => setLoadError(errorText(e)));
  }, []);

  const dirty = snapshot !== null && JSON.stringify(draft) !== JSON.stringify(snapshot.settings);

  useEffect(() => {
    if (!snapshot) return;
    const mine = ++seq.current;
    setChecking(true);
    const t = setTimeout(() => {
      api()
        .validateSettings(draft)
        .then((v) => {
          if (mine !== seq.current) return;
          setIssues(v.ok ? [] : v.issues);
          setChecking(false);
        })
        .catch((e: unknown) => {
          if (mine !== seq.current) return;
          setIssues([{ path: '', message: `The settings could not be checked: ${errorText(e)}` }]);
          setChecking(false);
        });
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(t);
  }, [draft, snapshot]);

  const change = useCallback((path: string, value: unknown) => setDraft((d) => setAt(d, path, value)), []);
  const revert = useCallback(() => snapshot && setDraft(snapshot.settings), [snapshot]);

  const save = useCallback(
    async (confirmServerRestart?: boolean) => {
      const result = await api().saveSettings(draft, confirmServerRestart ? { confirmServerRestart: true } : undefined);
      if (result.status === 'saved') {
        setSnapshot((s) => (s ? { ...s, settings: result.settings } : s));
        setDraft(result.settings);
      } else if (result.status === 'invalid') {
        setIssues(result.issues);
      }
      return result;
    },
    [draft],
  );

  return { snapshot, loadError, draft, issues, checking, dirty, change, revert, save };
}
