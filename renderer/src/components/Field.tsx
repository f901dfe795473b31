import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  /** The setting's path (`endpoints.api`), so a form can find the first field with a problem. */
  name?: string;
  hint?: ReactNode;
  error?: string;
  /** A way to fix the problem right there (a button), shown beside the reason. */
  fix?: ReactNode;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}

/** A labelled form control with its hint and, when wrong, the reason right under it. */
export function Field({ label, name, hint, error, fix, children }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const reason = error ? (
    <p className="error" id={errorId} role="alert">
      {error}
    </p>
  ) : null;
  return (
    <div className={`field${error ? ' invalid' : ''}`} data-field={name}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {reason && fix ? (
        <div className="row">
          {reason}
          {fix}
        </div>
      ) : (
        reason
      )}
    </div>
  );
}
