import { useMessages } from '../../i18n/i18n';
import type { AgentEnvEntry } from './agent-env-form';

interface Props {
  entries: AgentEnvEntry[];
  onChange: (entries: AgentEnvEntry[]) => void;
  /** What is wrong with a variable, by its name. */
  errorFor: (name: string) => string | undefined;
}

/**
 * The agent's environment variables, write-only: a saved value is never shown, only that there is one, and typing
 * replaces it. A saved variable keeps its name (remove it and add another to rename), since its value is kept by name.
 */
export function AgentEnvEditor({ entries, onChange, errorFor }: Props) {
  const m = useMessages();
  const f = m.form;
  const update = (index: number, change: Partial<AgentEnvEntry>) => onChange(entries.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  const errors = entries.map((entry) => (entry.name.trim() ? errorFor(entry.name.trim()) : undefined));
  return (
    <div className={`field env-list${errors.some(Boolean) ? ' invalid' : ''}`} data-field="agent.env" role="group" aria-label={f.env}>
      <span className="label">{f.env}</span>
      {entries.map((entry, index) => {
        const called = entry.name.trim() || f.envUnnamed(index + 1);
        return (
          <div className="row" key={index}>
            {entry.saved ? (
              <code>{entry.name}</code>
            ) : (
              <input aria-label={f.envName(index + 1)} value={entry.name} placeholder={f.envNamePlaceholder} spellCheck={false} autoComplete="off" onChange={(e) => update(index, { name: e.target.value })} />
            )}
            <input
              type="password"
              aria-label={f.envValue(called)}
              value={entry.value}
              autoComplete="new-password"
              spellCheck={false}
              onChange={(e) => update(index, { value: e.target.value })}
            />
            <button type="button" className="button quiet" aria-label={`${m.common.remove} ${called}`} onClick={() => onChange(entries.filter((_, i) => i !== index))}>
              ×
            </button>
            {entry.saved && !entry.value ? <span className="hint">{f.envSaved}</span> : null}
            {errors[index] ? (
              <p className="error" role="alert">
                {errors[index]}
              </p>
            ) : null}
          </div>
        );
      })}
      <div>
        <button type="button" className="button quiet" onClick={() => onChange([...entries, { name: '', value: '', saved: false }])}>
          + {f.addEnv}
        </button>
      </div>
      <p className="hint">{f.envHint}</p>
    </div>
  );
}
