// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import { cardInChinese } from './card-in-chinese';
import { teamView as team } from './channel-view';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';

afterEach(cleanup);

const typo = { path: 'channels.team.groups.cidX.requireMentions', message: 'is not a setting; did you mean requireMention?', code: 'not_a_setting', value: 'requireMention' };
const stranger = { path: 'channels.team.colour', message: 'is not a setting; it does nothing', code: 'not_a_setting' };

describe('keys in a channel’s settings that no setting has', () => {
  it('are named on the card of a running channel, each with the setting meant', async () => {
    const stub = stubApi({ 'channels.list': () => [team({ unknownSettings: [typo, stranger] })] });
    render(appTree(stub.api, <ChannelsPage />));
    const card = await screen.findByRole('listitem', { name: 'team' });
    const note = [...card.querySelectorAll('p.warning')].find((p) => p.textContent?.includes('does not know'));
    expect(note?.textContent).toBe(
      'The settings file has 2 keys Dingbridge does not know, which do nothing. channels.team.groups.cidX.requireMentions: There is no such setting; did you mean requireMention? channels.team.colour: There is no such setting; it does nothing.',
    );
  });

  it('are named in Chinese', async () => {
    const card = await cardInChinese(team({ unknownSettings: [typo] }));
    expect(card.textContent).toContain('设置文件里有 Dingbridge 不认识的键（1 个），不会生效。channels.team.groups.cidX.requireMentions：没有这个设置项，是不是想写 requireMention？');
    expect(card.textContent).not.toContain('is not a setting');
  });

  it('say nothing on the card of a channel without them', async () => {
    const stub = stubApi({ 'channels.list': () => [team()] });
    render(appTree(stub.api, <ChannelsPage />));
    const card = await screen.findByRole('listitem', { name: 'team' });
    expect(card.textContent).not.toContain('does not know');
  });
});
