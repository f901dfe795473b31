import { useEffect, useState } from 'react';
import { useApi, useConnected } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useLive } from '../../hooks/use-live';
import { useNavigation, useUnsavedChanges } from '../../hooks/navigation';
import { useMessages } from '../../i18n/i18n';
import { ActionButton } from '../../components/ActionButton';
import { StatusPill } from '../../components/StatusPill';
import { NeedsLogin } from '../../components/NeedsLogin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { OfflineNotice } from '../../components/OfflineNotice';
import { channelReason, connectionReason, unknownSettingsText } from '../../i18n/engine-words';
import { clockTime } from '../../format';
import { ChannelForm } from './ChannelForm';
import { FirstRun } from './FirstRun';
import { ImportDialog } from './ImportDialog';
import { agentName } from './AgentChoice';
import type { FormState } from './form-state';
import type { ChannelView } from '../../view-types';
import type { Messages } from '../../i18n/en';

type Mode = { view: 'list' } | { view: 'new'; initial?: FormState } | { view: 'edit'; channel: ChannelView } | { view: 'import' };

function agentLabel(channel: ChannelView, m: Messages): string {
  const agent = channel.agent;
  switch (agent.status) {
    case 'ready':
      return m.status.agentReady(agentName(channel.preset, agent.agent, m));
    case 'needs-login':
      return m.status.agentNeedsLogin(agentName(channel.preset, agent.agent, m));
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

/** The agent a card names: the demo and a custom command in the window's words, a real agent by its preset. */
function presetText(preset: string | undefined, m: Messages): string {
  if (!preset) return m.common.none;
  return preset === 'custom' ? m.form.custom : agentName(preset, preset, m);
}

/**
 * The channels: their live state and controls, the form, the first-run guide and import. `apiCallWarning`: the
 * month's API calls from which a DingTalk channel's count is a warning (0: never).
 */
export function ChannelsPage({ apiCallWarning = 0 }: { apiCallWarning?: number }) {
  const api = useApi();
  const m = useMessages();
  const connected = useConnected();
  const [mode, setMode] = useState<Mode>({ view: 'list' });
  const [dirty, setDirty] = useState(false);
  const [asking, setAsking] = useState<{ discard: true } | { remove: string }>();
  const channels = useLive(() => api['channels.list'](), ['channel.changed', 'session.changed']);
  const [toggle, toggling] = useAction((channel: ChannelView) =>
    channel.status === 'running' || channel.status === 'starting' ? api['channels.stop']({ name: channel.name }) : api['channels.start']({ name: channel.name }),
  );
  const [remove, removing] = useAction((name: string) => api['channels.remove']({ name }));
  const [edit, editing] = useAction(async (name: string) => setMode({ view: 'edit', channel: await api['channels.get']({ name }) }));

  const toList = () => {
    setDirty(false);
    setAsking(undefined);
    setMode({ view: 'list' });
  };
  const done = () => {
    toList();
    channels.reload();
  };

  // The sidebar has already asked about unsaved edits before it counts a visit, so this only goes back.
  const { visits } = useNavigation();
  const [seenVisits, setSeenVisits] = useState(visits);
  if (seenVisits !== visits) {
    setSeenVisits(visits);
    toList();
  }
  const open = mode.view !== 'list';
  useUnsavedChanges(open && dirty);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      // Escape also ends an input method's composition (typing Chinese) or a menu; those must not close the form.
      if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
      if (dirty) setAsking({ discard: true });
      else toList();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, dirty]);

  const discardDialog = asking && 'discard' in asking ? (
    <ConfirmDialog title={m.unsaved.title} confirmLabel={m.unsaved.discard} cancelLabel={m.unsaved.keep} danger onConfirm={toList} onCancel={() => setAsking(undefined)}>
      <p>{m.unsaved.detail}</p>
    </ConfirmDialog>
  ) : null;

  if (open) {
    return (
      <>
        <OfflineNotice />
        {mode.view === 'new' ? <ChannelForm initial={mode.initial} onDone={done} onDirtyChange={setDirty} /> : null}
        {mode.view === 'edit' ? <ChannelForm existing={mode.channel} onDone={done} onDirtyChange={setDirty} /> : null}
        {mode.view === 'import' ? <ImportDialog onClose={toList} onUse={(initial) => setMode({ view: 'new', initial })} /> : null}
        {discardDialog}
      </>
    );
  }

  const list = channels.data ?? [];
  const offTitle = connected ? undefined : m.offline.actionsOff;
  const removingName = asking && 'remove' in asking ? asking.remove : undefined;
  return (
    <section aria-labelledby="channels-title">
      <header className="page-header">
        <div>
          <h1 id="channels-title">{m.channels.title}</h1>
          <p className="subtitle">{m.channels.subtitle}</p>
        </div>
        {list.length ? (
          <div className="actions">
            <button type="button" className="button quiet" disabled={!connected} title={offTitle} onClick={() => setMode({ view: 'import' })}>
              {m.channels.import}
            </button>
            <button type="button" className="button primary" disabled={!connected} title={offTitle} onClick={() => setMode({ view: 'new' })}>
              + {m.channels.add}
            </button>
          </div>
        ) : null}
      </header>
      <OfflineNotice />
      {channels.error ? <p className="error">{channels.error}</p> : null}
      {channels.data && list.length === 0 && connected ? <FirstRun onAdd={() => setMode({ view: 'new' })} onImport={() => setMode({ view: 'import' })} /> : null}
      {toggling.error || removing.error || editing.error ? (
        <p className="error" role="alert">
          {toggling.error ?? removing.error ?? editing.error}
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
                <span className="muted">{connected ? agentLabel(channel, m) : m.offline.notConnected}</span>
              </div>
              <dl className="facts">
                <dt>{m.channels.agent}</dt>
                <dd>{presetText(channel.preset, m)}</dd>
                <dt>{m.channels.folder}</dt>
                <dd>
                  <code>{channel.cwd ?? m.common.none}</code>
                </dd>
              </dl>
              {connected ? <LiveNotes channel={channel} m={m} apiCallWarning={apiCallWarning} /> : null}
              <div className="actions">
                <ActionButton busy={toggling.busy} disabled={!connected} title={offTitle} onClick={() => void toggle(channel)}>
                  {running ? m.common.stop : m.common.start}
                </ActionButton>
                <button type="button" className="button quiet" disabled={!connected} title={offTitle} onClick={() => void edit(channel.name)}>
                  {m.common.edit}
                </button>
                <button type="button" className="button quiet danger" disabled={!connected} title={offTitle} onClick={() => setAsking({ remove: channel.name })}>
                  {m.common.remove}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {removingName !== undefined ? (
        <ConfirmDialog
          title={m.channels.removeTitle(removingName)}
          confirmLabel={m.common.remove}
          cancelLabel={m.common.cancel}
          danger
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            setAsking(undefined);
            void remove(removingName).then(channels.reload);
          }}
        >
          <p>{m.channels.removeDetail}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** What the engine last said about a channel beyond its state; left out once it may no longer be true. */
function LiveNotes({ channel, m, apiCallWarning }: { channel: ChannelView; m: Messages; apiCallWarning: number }) {
  const calls = channel.apiCalls;
  const over = calls !== undefined && apiCallWarning > 0 && calls.thisMonth >= apiCallWarning;
  return (
    <>
      {channel.reason && channel.status === 'failed' ? <p className="error">{channelReason(channel, m)}</p> : null}
      {channel.unknownSettings?.length ? <p className="warning">{unknownSettingsText(channel, m)}</p> : null}
      {channel.agent.status === 'needs-login' ? (
        <p className="warning">
          <NeedsLogin login={channel.agent.login} />
        </p>
      ) : null}
      {channel.connection.status === 'reconnecting' ? <p className="muted">{connectionReason(channel.connection.reason, channel.connection.problem, m)}</p> : null}
      {channel.heldReplies ? <p className="warning">{m.channels.heldReplies(channel.heldReplies)}</p> : null}
      {calls ? (
        <p className={over ? 'warning' : 'muted'}>
          {m.channels.apiCalls(calls.thisMonth.toLocaleString('en'), calls.today.toLocaleString('en'))}
          {over ? m.channels.apiCallsOver(apiCallWarning.toLocaleString('en')) : null}
        </p>
      ) : null}
      {channel.cardsPaused ? (
        <p className="warning">
          {m.channels.cardsPaused(clockTime(channel.cardsPaused.until).slice(0, 5))} {connectionReason(channel.cardsPaused.reason, channel.cardsPaused.problem, m)}
        </p>
      ) : null}
    </>
  );
}
