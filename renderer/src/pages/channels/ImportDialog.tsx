import { useState } from 'react';
import { useApi } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useMessages } from '../../i18n/i18n';
import { importNoteText } from '../../i18n/engine-words';
import type { Messages } from '../../i18n/en';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { fromSettings, problemText, type FormState } from './form-state';
import { ContractError } from '../../../../electron/contract/errors';

/** A file the engine could not read, said from the refusal's one problem (not JSON, not an object) in the window's language. */
function unreadable(failure: unknown, m: Messages): Error {
  const [problem] = failure instanceof ContractError ? (failure.problems ?? []) : [];
  if (problem) return new Error(importNoteText(problem, m));
  return failure instanceof Error ? failure : new Error(String(failure));
}

/** Reads a Qwen Code or OpenPollen settings file and offers each DingTalk channel in it for the form. */
export function ImportDialog({ onUse, onClose }: { onUse: (form: FormState) => void; onClose: () => void }) {
  const api = useApi();
  const m = useMessages();
  const d = m.importDialog;
  const [source, setSource] = useState<'qwen' | 'openpollen'>('qwen');
  const [text, setText] = useState('');
  const [read, reading] = useAction(() => api['channels.import']({ source, text }).catch((failure: unknown) => Promise.reject(unreadable(failure, m))));
  const [result, setResult] = useState<Awaited<ReturnType<typeof read>>>();

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{d.title}</h2>
      <p>{d.intro}</p>
      <div role="radiogroup" aria-label={d.source} className="choices">
        {(['qwen', 'openpollen'] as const).map((option) => (
          <label key={option} className="choice">
            <input type="radio" name="import-source" checked={source === option} onChange={() => setSource(option)} />
            {d[option]}
          </label>
        ))}
      </div>
      <Field label={d.file}>
        {(id) => (
          <input
            id={id}
            type="file"
            accept=".json,.json5,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then(setText);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="button" className="button quiet" onClick={onClose}>
          {m.common.close}
        </button>
        <ActionButton kind="primary" busy={reading.busy} disabled={!text} onClick={() => void read().then(setResult)}>
          {d.read}
        </ActionButton>
      </div>
      {reading.error ? (
        <p className="error" role="alert">
          {reading.error}
        </p>
      ) : null}
      {result ? (
        <div role="status">
          <p>{d.found(result.channels.length)}</p>
          <ul className="import-list">
            {result.channels.map((channel) => (
              <li key={channel.name}>
                <strong>{channel.name}</strong>
                {channel.problems.map((problem) => (
                  <p key={problem.path} className="hint">
                    {problem.path}: {problemText(m.form.problems, problem.path, problem)}
                  </p>
                ))}
                <button type="button" className="button secondary" onClick={() => onUse(fromSettings(channel.name, channel.settings))}>
                  {d.use}
                </button>
              </li>
            ))}
          </ul>
          {result.notes.length ? (
            <>
              <h3>{d.notes}</h3>
              <ul className="notes">
                {result.notes.map((note) => (
                  <li key={note.path}>
                    <code>{note.path}</code> {importNoteText(note, m)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
