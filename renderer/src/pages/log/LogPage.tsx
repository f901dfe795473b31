import { useCallback, useMemo, useState } from 'react';
import { useApi, useConnected } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useMessages } from '../../i18n/i18n';
import { VirtualList } from '../../components/VirtualList';
import { LogRow, type OpenRowMenu, type RowActions } from './LogRow';
import { StepRow } from './StepRow';
import { DetailRow } from './DetailRow';
import { logItems, type LogItem } from './log-items';
import { RowMenu } from './RowMenu';
import { ExportMenu } from './ExportMenu';
import { KIND_GROUPS } from './describe-event';
import { connectionReason } from '../../i18n/engine-words';
import { NO_FILTERS, useLog, type LogFilters } from './use-log';
import type { LogEvent } from '../../view-types';
import type { Messages } from '../../i18n/en';

const ROW_HEIGHT = 40;
type KindGroup = keyof Messages['log']['kinds'];

const field = (event: LogEvent, key: string) => {
  const value = (event as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Every message's story as it happens, one row each with where it stands, opened to its steps and what was
 * sent; filterable, with the IDs one click away and actions on each message.
 */
export function LogPage({ logWriteError }: { logWriteError?: string }) {
  const api = useApi();
  const m = useMessages();
  const [filters, setFilters] = useState<LogFilters>(NO_FILTERS);
  const [group, setGroup] = useState<KindGroup | ''>('');
  const log = useLog(filters);
  const connected = useConnected();
  const [notice, setNotice] = useState<string>();
  const [menu, setMenu] = useState<{ event: LogEvent; anchor: DOMRect }>();
  const openMenu: OpenRowMenu = useCallback((event, anchor) => setMenu({ event, anchor }), []);
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (key: string) =>
      setOpened((previous) => {
        const next = new Set(previous);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  // The rows change in place as events arrive; `version` says when.
  const { items, tallRows } = useMemo(() => logItems(log.stories, opened, ROW_HEIGHT, m), [log.stories, log.version, opened, m]);
  const renderRow = useCallback(
    (item: LogItem) => {
      if (item.type === 'step') return <StepRow event={item.event} />;
      if (item.type === 'detail') return <DetailRow texts={item.texts} />;
      return <LogRow story={item} open={opened.has(item.key)} onToggle={toggle} openMenu={openMenu} />;
    },
    [opened, toggle, openMenu],
  );

  const [act, acting] = useAction(async (run: () => Promise<string>) => setNotice(await run()));
  const actions: RowActions = useMemo(
    () => ({
      allowSender: (event) =>
        void act(async () => {
          await api['pairing.allow']({ channel: event.channel, staffId: field(event, 'senderStaffId') ?? '', nick: field(event, 'nick') ?? '' });
          return m.log.allowed;
        }),
      allowGroup: (event) =>
        void act(async () => {
          const channel = await api['channels.get']({ name: event.channel });
          // The view's AppSecret says only whether one is saved; sent without it, the saved one is kept.
          const { dingtalk: { clientSecret: _saved, ...dingtalk }, ...settings } = channel.settings ?? { dingtalk: { clientSecret: { hasSecret: false } } };
          // A group listed already keeps its settings; a new one takes from groups["*"] what it does not set.
          const listed = (settings.groups as Record<string, unknown> | undefined) ?? {};
          const conversationId = field(event, 'conversationId') ?? '';
          const groups = { ...listed, [conversationId]: Object.hasOwn(listed, conversationId) ? listed[conversationId] : {} };
          const groupPolicy = settings.groupPolicy === 'open' ? 'open' : 'allowlist';
          await api['channels.save']({ name: event.channel, settings: { ...settings, dingtalk, groups, groupPolicy } });
          return m.log.allowed;
        }),
      sendTest: (event) =>
        void act(async () => {
          const report = await api['channels.send']({
            channel: event.channel,
            conversationId: field(event, 'conversationId') ?? '',
            conversationType: field(event, 'conversationType') === 'group' ? 'group' : 'dm',
            ...(field(event, 'senderStaffId') ? { staffId: field(event, 'senderStaffId') } : {}),
            text: m.log.testText,
          });
          if (!report.ok) throw new Error(connectionReason(report.error, report.problem, m) ?? m.events.replyFailed);
          return m.log.sent(report.path);
        }),
    }),
    [act, api, m],
  );

  const [exportLog, exporting] = useAction(async (format: 'jsonl' | 'csv') => {
    const file = await api['log.export']({
      format,
      limit: 100_000,
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(filters.conversationId ? { conversationId: filters.conversationId } : {}),
      ...(filters.sender ? { sender: filters.sender } : {}),
      ...(filters.kinds.length ? { kinds: filters.kinds } : {}),
      ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    });
    download(file.fileName, file.content);
  });

  const set = <K extends keyof LogFilters>(key: K, value: LogFilters[K]) => setFilters((previous) => ({ ...previous, [key]: value }));

  return (
    <section className="log-page" aria-labelledby="log-title">
      <header className="page-header">
        <h1 id="log-title">{m.log.title}</h1>
        {connected ? (
          <span className="muted" aria-live="polite">
            {m.log.count(log.events)}
            {log.loaded && !log.complete ? ` · ${m.log.loadingEarlier}` : null}
          </span>
        ) : (
          <span className="log-offline" aria-live="polite">
            {log.loaded ? m.log.disconnected(log.events) : m.log.disconnectedNothing}
          </span>
        )}
      </header>
      {logWriteError ? (
        <p className="warning" role="alert">
          {m.log.writeFailed(logWriteError)}
        </p>
      ) : null}
      <div className="filters" role="search">
        <select aria-label={m.log.columns.channel} value={filters.channel} onChange={(e) => set('channel', e.target.value)}>
          <option value="">{m.log.allChannels}</option>
          {log.channels.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input aria-label={m.log.conversation} placeholder={m.log.conversation} value={filters.conversationId} onChange={(e) => set('conversationId', e.target.value.trim())} spellCheck={false} />
        <input aria-label={m.log.sender} placeholder={m.log.sender} value={filters.sender} onChange={(e) => set('sender', e.target.value.trim())} spellCheck={false} />
        <select
          aria-label={m.log.allKinds}
          value={group}
          onChange={(e) => {
            const value = e.target.value as KindGroup | '';
            setGroup(value);
            set('kinds', value ? KIND_GROUPS[value] : []);
          }}
        >
          <option value="">{m.log.allKinds}</option>
          {(Object.keys(m.log.kinds) as KindGroup[]).map((key) => (
            <option key={key} value={key}>
              {m.log.kinds[key]}
            </option>
          ))}
        </select>
        <input type="search" aria-label={m.log.search} placeholder={m.log.search} value={filters.text} onChange={(e) => set('text', e.target.value)} />
        <ExportMenu busy={exporting.busy} onExport={(format) => void exportLog(format)} />
      </div>
      {notice || acting.error || exporting.error ? (
        <p className={acting.error || exporting.error ? 'error' : 'ok'} role="status">
          {acting.error ?? exporting.error ?? notice}
        </p>
      ) : null}
      <div className="log-head" role="presentation">
        <span>{m.log.columns.time}</span>
        <span>{m.log.columns.channel}</span>
        <span>{m.log.columns.conversation}</span>
        <span>{m.log.columns.sender}</span>
        <span>{m.log.columns.what}</span>
        <span />
      </div>
      <VirtualList
        items={items}
        rowHeight={ROW_HEIGHT}
        tallRows={tallRows}
        rowKey={(item) => item.key}
        renderRow={renderRow}
        label={m.log.title}
        jumpLabel={m.log.newest}
        pausedLabel={m.log.paused}
        empty={log.loaded && connected ? <p className="empty">{m.log.empty}</p> : null}
      />
      {menu ? <RowMenu event={menu.event} anchor={menu.anchor} actions={actions} onClose={() => setMenu(undefined)} /> : null}
    </section>
  );
}
