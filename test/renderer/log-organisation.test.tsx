// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Language } from '../../renderer/src/i18n/i18n';
import { LogPage } from '../../renderer/src/pages/log/LogPage';
import type { LogEvent } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';

afterEach(cleanup);

const OTHER_CORP = 'dingothercorp0000000000000000';

/** A message and its refusal, from Li Si of the bot's organisation or from someone of another with his staffId. */
const story = (n: number, outsider: boolean): LogEvent[] => {
  const who = outsider ? { senderStaffId: `${OTHER_CORP}/lisi`, senderCorpId: OTHER_CORP, nick: '李四（外部）' } : { senderStaffId: 'lisi', nick: '李四' };
  const where = { channel: 'team', conversationId: `cidDm${n}==`, conversationType: 'dm' as const, ...who };
  return [
    { kind: 'message.received', id: `00000000${n}-0000`, at: 1_790_000_000_000 + n, ...where, msgId: `msg${n}`, msgtype: 'text', preview: 'hello', mentioned: true },
    {
      kind: 'access.decision',
      id: `00000000${n}-0001`,
      at: 1_790_000_000_001 + n,
      ...where,
      msgId: `msg${n}`,
      decision: 'dropped',
      reason: 'from another organisation',
      reasonCode: outsider ? 'other-organisation' : 'not-allowed',
    },
  ];
};

function renderLog(language: Language) {
  const { api } = stubApi({ 'log.query': () => [...story(1, false), ...story(2, true)] });
  render(appTree(api, <LogPage />, { language }));
}

describe('a sender from another organisation in the live log', () => {
  it('is marked with their organisation, and their refusal says why, in English and Chinese', async () => {
    renderLog('en');
    expect(await screen.findByText(`another organisation (${OTHER_CORP})`)).toBeTruthy();
    expect(screen.getAllByText(/another organisation \(/)).toHaveLength(1);
    expect(screen.getByText(/From another organisation, and the allowlist does not name them with it/)).toBeTruthy();
    cleanup();

    renderLog('zh-CN');
    expect(await screen.findByText(`其他组织（${OTHER_CORP}）`)).toBeTruthy();
    expect(screen.getByText(/来自其他组织，而白名单没有带组织写出此人/)).toBeTruthy();
  });
});
