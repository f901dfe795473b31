import type { ReactNode } from 'react';

interface Props {
  onClick: () => void;
  busy?: boolean;
  disabled?: boolean;
  kind?: 'primary' | 'secondary' | 'danger' | 'quiet';
  children: ReactNode;
  title?: string;
  type?: 'button' | 'submit';
}

/** A button that shows it is working (and cannot be pressed twice) while its action runs. */
export function ActionButton({ onClick, busy = false, disabled = false, kind = 'secondary', children, title, type = 'button' }: Props) {
  return (
    <button type={type} className={`button ${kind}`} onClick={onClick} disabled={busy || disabled} aria-busy={busy} title={title}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
