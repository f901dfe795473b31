/** What a tool wants to do, whole: a long command scrolls in its box (with the keyboard too) instead of being cut. */
export function CommandText({ text, label }: { text: string; label: string }) {
  return (
    <pre className="detail command" tabIndex={0} role="region" aria-label={label}>
      {text}
    </pre>
  );
}
