import { useState } from 'react';
import { useApi } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useLive } from '../../hooks/use-live';
import { useMessages } from '../../i18n/i18n';
import { ActionButton } from '../../components/ActionButton';
import { StatusPill } from '../../components/StatusPill';
import { NeedsLogin } from '../../components/NeedsLogin';
import { ChannelForm } from './ChannelForm';
import { FirstRun } from './FirstRun';
import { ImportDialog } from './ImportDialog';
import type { FormState } from './form-state';
import type { ChannelView } from '../../view-types';
import type { Messages } from '../../i18n/en';

type Mode = { view: 'list' } | { view: 'new'; initial?: FormState } | { view: 'edit'; channel: ChannelView } | { view: 'import' };

function agentLabel(channel: ChannelView, m: Messages): string {
  const agent = channel.agent;
  switch (agent.status) {
    case 'ready':
      return m.status.agentReady(agent.agent);
    case 'needs-login':
      return m.status.agentNeedsLogin(agent.agent);
    case 'starting':
      return m.status.agentStarting;
    case 'restarting':
      return m.status.agentRestarting;
    case 'failed':
      return m.status.agentFailed;
    case 'stopped':
      return m.status.agentStopped;
    default:
      return m.status.agentIdle;
  }
}

/** The channels: their live state and controls, the form, the first-run guide and import. */
export function ChannelsPage() {
  const api = useApi();
  const m = useMessages();
  const [mode, setMode] = useState<Mode>({ view: 'list' });
  const channels = useLive(() => api['channels.list'](), ['channel.changed', 'session.changed']);
  const [toggle, toggling] = useAction((channel: ChannelView) =>
    channel.status === 'running' || channel.status === 'starting' ? api['channels.stop']({ name: channel.name }) : api['channels.start']({ name: channel.name }),
  );
  const [remove] = useAction((name: string) => api['channels.remove']({ name }));
  const [edit] = useAction(async (name: string) => setMode({ view: 'edit', channel: await api['channels.get']({ name }) }));

  const done = () => {
    setMode({ view: 'list' });
    channels.reload();
  };

  if (mode.view === 'new') return <ChannelForm initial={mode.initial} onDone={done} />;
  if (mode.view === 'edit') return <ChannelForm existing={mode.channel} onDone={done} />;
  if (mode.view === 'import') return <ImportDialog onClose={() => setMode({ view: 'list' })} onUse={(initial) => setMode({ view: 'new', initial })} />;

  const list = channels.data ?? [];
  return (
    <section aria-labelledby="channels-title">
      <header className="page-header">
        <div>
          <h1 id="channels-title">{m.channels.title}</h1>
          <p className="subtitle">{m.channels.subtitle}</p>
        </div>
        {list.length ? (
          <div className="actions">
            <button type="button" className="button quiet" onClick={() => setMode({ view: 'import' })}>
              {m.channels.import}
            </button>
            <button type="button" className="button primary" onClick={() => setMode({ view: 'new' })}>
              + {m.channels.add}
            </button>
          </div>
        ) : null}
      </header>
      {channels.error ? <p className="error">{channels.error}</p> : null}
      {channels.data && list.length === 0 ? <FirstRun onAdd={() => setMode({ view: 'new' })} onImport={() => setMode({ view: 'import' })} /> : null}
      {toggling.error ? (
        <p className="error" role="alert">
          {toggling.error}
        </p>
      ) : null}
      <ul className="channel-list">
        {list.map((channel) => {
          const running = channel.status === 'running' || channel.status === 'starting';
          return (
            <li key={channel.name} className="panel channel" aria-label={channel.name}>
              <div className="channel-main">
                <h2>{channel.name}</h2>
                <StatusPill channel={channel} />
                <span className="muted">{agentLabel(channel, m)}</span>
              </div>
              <dl className="facts">
                <dt>{m.channels.agent}</dt>
                <dd>{channel.preset ?? m.common.none}</dd>
                <dt>{m.channels.folder}</dt>
                <dd>
                  <code>{channel.cwd ?? m.common.none}</code>
                </dd>
              </dl>
              {channel.reason && channel.status === 'failed' ? <p className="error">{channel.reason}</p> : null}
              {channel.agent.status === 'needs-login' ? (
                <p className="warning">
                  <NeedsLogin login={channel.agent.login} />
                </p>
              ) : null}
              {channel.connection.status === 'reconnecting' ? <p className="muted">{channel.connection.reason}</p> : null}
              {channel.heldReplies ? <p className="warning">{m.channels.heldReplies(channel.heldReplies)}</p> : null}
              <div className="actions">
                <ActionButton busy={toggling.busy} onClick={() => void toggle(channel)}>
                  {running ? m.common.stop : m.common.start}
                </ActionButton>
                <button type="button" className="button quiet" onClick={() => void edit(channel.name)}>
                  {m.common.edit}
                </button>
                <button
                  type="button"
                  className="button quiet danger"
                  onClick={() => {
                    if (window.confirm(m.channels.removeConfirm(channel.name))) void remove(channel.name).then(channels.reload);
                  }}
                >
                  {m.common.remove}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
