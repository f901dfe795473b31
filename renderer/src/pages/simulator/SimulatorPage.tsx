import { useEffect, useRef, useState } from 'react';
import { useApi, useConnected } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useLive } from '../../hooks/use-live';
import { useMessages } from '../../i18n/i18n';
import { channelReason } from '../../i18n/engine-words';
import { ActionButton } from '../../components/ActionButton';
import { DingTalkMarkdown } from './DingTalkMarkdown';
import { SimulatorNotice } from './SimulatorNotice';
import { CardBubble } from './CardBubble';
import { FileBubble } from './FileBubble';
import { ActionCardButtons } from './ActionCardButtons';
import { useTryIt } from './use-try-it';
import { useDemoAgent } from './use-demo-agent';
import { thumbnailOf } from './thumbnail';
import { GROUP_ID, dmIdFor, type ConversationType, type SimulatorEntry, ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_LABEL } from '../../../../electron/contract/window-shared';

interface Attachment {
  fileName: string;
  mimeType: string;
  dataBase64: string;
  thumbnail?: string;
}

async function readAttachment(file: File): Promise<Attachment> {
  const dataBase64 = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
  const thumbnail = await thumbnailOf(file);
  return { fileName: file.name, mimeType: file.type || 'application/octet-stream', dataBase64, ...(thumbnail ? { thumbnail } : {}) };
}

/** A picture as DingTalk shows it, the picture itself; a file (or a picture this window could not read) by its name. */
function AttachmentView({ attachment }: { attachment: Pick<NonNullable<SimulatorEntry['attachment']>, 'fileName' | 'thumbnail'> }) {
  return attachment.thumbnail ? (
    <img className="thumbnail" src={attachment.thumbnail} alt={attachment.fileName} title={attachment.fileName} />
  ) : (
    <p className="attachment">📎 {attachment.fileName}</p>
  );
}

/** A DingTalk stand-in: write as a person in a DM or the group, and watch the bot answer through the engine. */
export function SimulatorPage() {
  const api = useApi();
  const m = useMessages();
  const s = m.simulator;
  const channels = useLive(() => api['channels.list'](), ['channel.changed']);
  const simulators = (channels.data ?? []).filter((channel) => channel.type === 'simulator');
  const [channelName, setChannelName] = useState<string>();
  const channel = simulators.find((candidate) => candidate.name === channelName) ?? simulators[0];
  const [tryIt, trying] = useTryIt();
  const [switchToDemo, switching] = useDemoAgent();

  if (channels.data && !channel) {
    return (
      <section className="panel" aria-labelledby="simulator-title">
        <h1 id="simulator-title">{s.title}</h1>
        <p>{s.none}</p>
        <ActionButton kind="primary" busy={trying.busy} onClick={() => void tryIt()}>
          {s.tryIt}
        </ActionButton>
        {trying.error ? <p className="error">{trying.error}</p> : null}
      </section>
    );
  }
  if (!channel) return null;
  return (
    <section className="simulator" aria-labelledby="simulator-title">
      <header className="page-header">
        <div>
          <h1 id="simulator-title">{s.title}</h1>
          <p className="subtitle">{s.intro}</p>
        </div>
        {simulators.length > 1 ? (
          <select aria-label={m.log.columns.channel} value={channel.name} onChange={(e) => setChannelName(e.target.value)}>
            {simulators.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        ) : null}
      </header>
      {channel.status === 'running' ? (
        <Chat channel={channel.name} />
      ) : channel.status === 'failed' ? (
        <div className="warning" role="alert">
          <p>{s.failed(channelReason(channel, m) ?? '')}</p>
          {channel.preset !== 'demo' ? (
            <p className="row">
              {s.orDemo}
              <ActionButton kind="primary" busy={switching.busy} onClick={() => void switchToDemo(channel.name)}>
                {s.useDemo}
              </ActionButton>
            </p>
          ) : null}
          {switching.error ? <p className="error">{switching.error}</p> : null}
        </div>
      ) : (
        <p className="warning">{s.notRunning}</p>
      )}
    </section>
  );
}

function Chat({ channel }: { channel: string }) {
  const api = useApi();
  const m = useMessages();
  const s = m.simulator;
  const transcript = useLive(() => api['simulator.transcript']({ channel }), ['simulator.changed']);
  const people = transcript.data?.people ?? [];
  const [person, setPerson] = useState(0);
  const [where, setWhere] = useState<ConversationType>('dm');
  // Unticked, as in DingTalk, where a group message reaches the bot only when someone types the @ on purpose.
  const [mention, setMention] = useState(false);
  const [text, setText] = useState('');
  const [attachment, setAttachment] = useState<Attachment>();
  const [refused, setRefused] = useState<string>();
  const [quote, setQuote] = useState<{ id: string; text: string }>();
  const list = useRef<HTMLOListElement>(null);
  const sender = people[person];
  // Off while Dingbridge is out of reach, as every other action is: the message would only fail to send.
  const connected = useConnected();
  // A tapped ActionCard button goes the composer's way: in DingTalk its words are the tapper's own message, @ and all.
  const post = async (message: { text: string; attachment?: Attachment; quoteId?: string }) => {
    if (!sender || !connected) return false;
    await api['simulator.send']({ channel, sender, conversation: where, mention: where === 'group' ? mention : true, ...message });
    transcript.reload();
    return true;
  };
  const [send, sending] = useAction(async () => {
    if (!(await post({ text, ...(attachment ? { attachment } : {}), ...(quote ? { quoteId: quote.id } : {}) }))) return;
    setText('');
    setAttachment(undefined);
    setRefused(undefined);
    setQuote(undefined);
  });
  const sendAsButton = sender ? (sends: string) => post({ text: sends }) : undefined;

  const conversationId = where === 'group' ? GROUP_ID : dmIdFor(sender?.staffId ?? '');
  const visible = (transcript.data?.entries ?? []).filter((entry) => entry.conversationId === conversationId);
  const quoteOf = (entry: SimulatorEntry) => () => setQuote({ id: entry.id, text: entry.text.slice(0, 80) });

  // Also as the last entry grows: a card streaming its answer stays in view.
  const lastText = visible.at(-1)?.text;
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [visible.length, lastText]);

  return (
    <div className="chat panel">
      <div className="chat-controls">
        <label>
          {s.you}{' '}
          <select value={person} onChange={(e) => setPerson(Number(e.target.value))}>
            {people.map((candidate, index) => (
              <option key={candidate.staffId} value={index}>
                {candidate.nick} ({candidate.staffId})
              </option>
            ))}
          </select>
        </label>
        <div role="radiogroup" aria-label={s.where} className="row">
          {(['dm', 'group'] as const).map((option) => (
            <label key={option} className="choice">
              <input type="radio" name="where" checked={where === option} onChange={() => setWhere(option)} />
              {s[option]}
            </label>
          ))}
        </div>
        {where === 'group' ? (
          <label className="choice">
            <input type="checkbox" checked={mention} onChange={(e) => setMention(e.target.checked)} />
            {s.mention}
          </label>
        ) : null}
      </div>
      <ol className="messages" ref={list} aria-label={s.title} aria-live="polite">
        {visible.length === 0 ? <li className="empty">{s.empty}</li> : null}
        {visible.map((entry) =>
          entry.from === 'simulator' ? (
            <SimulatorNotice key={entry.id} channel={channel} entry={entry} />
          ) : entry.card ? (
            <CardBubble key={entry.id} channel={channel} card={entry.card} text={entry.text} as={sender} onReply={quoteOf(entry)} />
          ) : (
            <li key={entry.id} className={`bubble ${entry.from}`} aria-label={entry.from === 'bot' ? s.bot : (entry.sender?.nick ?? '')}>
              {/* How a reply travelled matters when chasing an expired webhook, not on every message: it waits on hover. */}
              <div className="bubble-head" title={entry.via ? s.via(entry.via) : undefined}>
                <strong>{entry.from === 'bot' ? s.bot : entry.sender?.nick}</strong>
                {entry.from === 'person' && entry.conversation === 'group' && entry.mention ? <span className="muted">@{s.bot}</span> : null}
                {entry.reaction ? (
                  <span className="reaction" title={s.working}>
                    {entry.reaction}
                  </span>
                ) : null}
              </div>
              {entry.quote ? <blockquote className="quote">{entry.quote}</blockquote> : null}
              {entry.attachment ? <AttachmentView attachment={entry.attachment} /> : null}
              {entry.sentFile ? (
                <FileBubble channel={channel} file={entry.sentFile} />
              ) : entry.from === 'bot' ? (
                <DingTalkMarkdown text={entry.text} />
              ) : entry.text ? (
                <p className="plain">{entry.text}</p>
              ) : null}
              {entry.actionButtons?.length ? <ActionCardButtons buttons={entry.actionButtons} send={sendAsButton} /> : null}
              <button type="button" className="button quiet reply" onClick={quoteOf(entry)}>
                {s.reply}
              </button>
            </li>
          ),
        )}
      </ol>
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        {quote ? (
          <p className="quote-preview">
            {s.replyingTo(quote.text)}{' '}
            <button type="button" className="button quiet" onClick={() => setQuote(undefined)} aria-label={s.cancelReply}>
              ×
            </button>
          </p>
        ) : null}
        {attachment ? (
          <p className="attachment pending">
            {attachment.thumbnail ? <img className="thumbnail small" src={attachment.thumbnail} alt="" /> : '📎'} {attachment.fileName}{' '}
            <button type="button" className="button quiet" onClick={() => setAttachment(undefined)} aria-label={s.removeAttachment}>
              ×
            </button>
          </p>
        ) : null}
        <div className="row">
          <textarea
            aria-label={s.placeholder}
            placeholder={s.placeholder}
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                void send();
              }
            }}
          />
          <label className="button quiet attach">
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M10.5 4.5 5.3 9.7a1.5 1.5 0 0 0 2.1 2.1l5.4-5.4a3 3 0 0 0-4.2-4.2L3.2 7.6a4.5 4.5 0 0 0 6.4 6.4l4.4-4.4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
            </svg>
            <span className="visually-hidden">{s.attach}</span>
            <input
              type="file"
              aria-label={s.attach}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (!file) return;
                // Refused here, before it is read, rather than by Dingbridge after the whole file has travelled.
                if (file.size > ATTACHMENT_MAX_BYTES) return setRefused(s.attachmentTooLarge(file.name, ATTACHMENT_MAX_LABEL));
                setRefused(undefined);
                void readAttachment(file).then(setAttachment, () => setRefused(s.attachmentUnreadable(file.name)));
              }}
            />
          </label>
          <ActionButton
            kind="primary"
            type="submit"
            busy={sending.busy}
            disabled={!connected || (!text.trim() && !attachment)}
            title={connected ? undefined : m.offline.actionsOff}
            onClick={() => undefined}
          >
            {s.send}
          </ActionButton>
        </div>
        {refused ? (
          <p className="error" role="alert">
            {refused}
          </p>
        ) : null}
        {sending.error ? <p className="error">{sending.error}</p> : null}
      </form>
    </div>
  );
}
