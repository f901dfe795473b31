import { useState } from 'react';
import { useMessages } from '../i18n/i18n';

interface Props {
  label: string;
  hint?: string;
  addLabel: string;
  values: string[];
  onChange: (values: string[]) => void;
  error?: string;
}

/** A small editable list of strings (staffIds): add with Enter or the button, remove each. */
export function ListEditor({ label, hint, addLabel, values, onChange, error }: Props) {
  const m = useMessages();
  const [draft, setDraft] = useState('');
  const add = () => {
    const value = draft.trim();
    if (value && !values.includes(value)) onChange([...values, value]);
    setDraft('');
  };
  return (
    <div className={`field list-editor${error ? ' invalid' : ''}`} role="group" aria-label={label}>
      <span className="label">{label}</span>
      <ul>
        {values.map((value) => (
          <li key={value}>
            <code>{value}</code>
            <button type="button" className="button quiet" aria-label={`${m.common.remove} ${value}`} onClick={() => onChange(values.filter((v) => v !== value))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <input
          aria-label={addLabel}
          value={draft}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button quiet" onClick={add} disabled={!draft.trim()}>
          + {addLabel}
        </button>
      </div>
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
