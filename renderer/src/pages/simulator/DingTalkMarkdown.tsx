import type { CSSProperties, ReactNode } from 'react';

/**
 * Renders a reply the way DingTalk renders its markdown subset: headings, bold, italic, inline and fenced
 * code, links, lists, quotes and rules. Nothing is ever injected as HTML; tables stay plain text, as in DingTalk.
 */
export function DingTalkMarkdown({ text }: { text: string }) {
  return <div className="markdown">{blocks(text)}</div>;
}

function blocks(text: string): ReactNode[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: ReactNode[] = [];
  let i = 0;
  let key = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = line.match(/^\s{0,3}(`{3,}|~{3,})/);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence[1] ?? '```')) body.push(lines[i++] ?? '');
      i++;
      out.push(
        <pre key={key++}>
          <code>{body.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      const level = Math.min(6, heading[1]?.length ?? 1);
      out.push(
        <p key={key++} className={`md-h md-h${level}`}>
          {inline(heading[2] ?? '')}
        </p>,
      );
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push(<hr key={key++} />);
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i] ?? '')) quoted.push((lines[i++] ?? '').replace(/^\s*>\s?/, ''));
      out.push(<blockquote key={key++}>{blocks(quoted.join('\n'))}</blockquote>);
      continue;
    }
    if (/^\s*([-*+]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      // DingTalk shows the numbers as written, so a list continued in a later message keeps counting.
      const start = ordered ? Number(line.match(/^\s*(\d+)\./)?.[1] ?? 1) : 1;
      const items: string[] = [];
      while (i < lines.length && /^\s*([-*+]|\d+\.)\s+/.test(lines[i] ?? '')) items.push((lines[i++] ?? '').replace(/^\s*([-*+]|\d+\.)\s+/, ''));
      const children = items.map((item, index) => <li key={index}>{inline(item)}</li>);
      // The numbers sit in the list's left padding, so it must be as wide as the longest one ("160.") or they
      // spill out of the bubble.
      const digits = String(start + items.length - 1).length;
      out.push(
        ordered ? (
          <ol key={key++} start={start} style={{ '--marker-digits': digits } as CSSProperties}>
            {children}
          </ol>
        ) : (
          <ul key={key++}>{children}</ul>
        ),
      );
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() && !/^(\s*([-*+]|\d+\.)\s+|\s*>|#{1,6}\s|\s{0,3}(`{3,}|~{3,}))/.test(lines[i] ?? '')) paragraph.push(lines[i++] ?? '');
    out.push(
      <p key={key++}>
        {paragraph.map((part, index) => (
          <span key={index}>
            {index ? <br /> : null}
            {inline(part)}
          </span>
        ))}
      </p>,
    );
  }
  return out;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(!?\[[^\]]*\]\([^)\s]+\))/g;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const match of text.matchAll(INLINE)) {
    const token = match[0];
    const at = match.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    if (token.startsWith('`')) out.push(<code key={key++}>{token.slice(1, -1)}</code>);
    else if (token.startsWith('**')) out.push(<strong key={key++}>{inline(token.slice(2, -2))}</strong>);
    else if (token.startsWith('*')) out.push(<em key={key++}>{inline(token.slice(1, -1))}</em>);
    else {
      const [, label = '', url = ''] = token.match(/^!?\[([^\]]*)\]\(([^)\s]+)\)$/) ?? [];
      out.push(
        /^https?:\/\//i.test(url) ? (
          <a key={key++} href={url} target="_blank" rel="noreferrer">
            {label || url}
          </a>
        ) : (
          label || url
        ),
      );
    }
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
