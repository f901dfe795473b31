import { useState } from 'react';
import { useMessages } from '../i18n/i18n';

/** Copies a value (a conversationId, a staffId) with one click and says so. */
export function CopyButton({ value, label }: { value: string; label?: string }) {
  const m = useMessages();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <button type="button" className="copy" onClick={copy} title={`${m.common.copy} ${value}`} aria-label={`${m.common.copy} ${label ?? value}`}>
      <code>{label ?? value}</code>
      <span className="copy-state" aria-live="polite">
        {copied ? (
          m.common.copied
        ) : (
          <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="5" y="5" width="9" height="9" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        )}
      </span>
    </button>
  );
}
