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
        {copied ? m.common.copied : <span className="copy-icon" aria-hidden="true" />}
      </span>
    </button>
  );
}
