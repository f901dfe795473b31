import { useEffect, useState } from 'react';
import { useMessages } from '../i18n/i18n';
import { Field } from '../components/Field';

/** The most calls a month that can be asked for: far beyond any DingTalk plan. */
const MOST = 100_000_000;

/** Whole calls, written with or without thousands separators; undefined when it is not a count. */
function countOf(text: string): number | undefined {
  const digits = text.trim().replace(/[,，\s]/g, '');
  if (!/^\d+$/.test(digits)) return undefined;
  const count = Number(digits);
  return count <= MOST ? count : undefined;
}

/** How many of a DingTalk app's API calls in a month the window and the tray warn at; saved when the field is left. */
export function ApiCallWarningField({ value, disabled, onSave }: { value: number; disabled: boolean; onSave: (count: number) => void }) {
  const s = useMessages().settings;
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const count = countOf(text);
  const save = () => {
    if (count !== undefined && count !== value) onSave(count);
  };
  return (
    <Field label={s.apiCallWarning} name="apiCallWarning" hint={s.apiCallWarningHint} error={count === undefined ? s.apiCallWarningInvalid : undefined}>
      {(id, describedBy) => (
        <input
          id={id}
          aria-describedby={describedBy}
          inputMode="numeric"
          value={text}
          disabled={disabled}
          onChange={(e) => setText(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter') save();
          }}
        />
      )}
    </Field>
  );
}
