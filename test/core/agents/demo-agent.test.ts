import { describe, expect, it } from 'vitest';
import type * as acp from '@agentclientprotocol/sdk';
import { AgentProcess } from '../../../electron/core/agents/agent-process.js';
import { createDemoAgent } from '../../../electron/core/agents/demo-agent.js';

/** The demo agent in this process, answering one message per call; `decide` answers its permission requests. */
async function demo(decide: (request: acp.RequestPermissionRequest) => string = () => 'allow') {
  const asked: acp.RequestPermissionRequest[] = [];
  const pictures: Array<{ mimeType: string; data: string }> = [];
  let said = '';
  const agent = await AgentProcess.startInProcess(createDemoAgent(), {
    label: 'Demo agent',
    hooks: {
      sessionUpdate: ({ update }) => {
        if (update.sessionUpdate === 'agent_message_chunk' && update.content.type === 'text') said += update.content.text;
        if (update.sessionUpdate === 'agent_message_chunk' && update.content.type === 'image') pictures.push(update.content);
      },
      requestPermission: async (request) => {
        asked.push(request);
        return { outcome: { outcome: 'selected', optionId: decide(request) } };
      },
    },
  });
  const { sessionId } = await agent.newSession('/');
  const ask = async (text: string) => {
    said = '';
    await agent.prompt(sessionId, [{ type: 'text', text }]);
    return said;
  };
  return { ask, asked, pictures };
}

describe('the demo agent', () => {
  it('sends a picture as ACP image content when asked for one, and says how', async () => {
    const { ask, pictures } = await demo();
    await ask('hello');
    expect(await ask('send me a picture')).toContain('sent to this conversation as a picture');
    expect(pictures).toHaveLength(1);
    const png = Buffer.from(pictures[0]?.data ?? '', 'base64');
    expect(pictures[0]?.mimeType).toBe('image/png');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(240);
    expect(await ask('给我一张图片')).toContain('作为图片发到了这个会话里');
    expect(pictures).toHaveLength(2);
  });

  it('answers in English when the person writes in English', async () => {
    const { ask } = await demo();
    const first = await ask('hello demo');
    expect(first).toContain('This is Dingbridge’s built-in demo agent, not a real coding agent.');
    expect(first).toContain('> hello demo');
    expect(await ask('and again')).toContain('Ask for something *long*');
  });

  it('answers in Chinese when the person writes in Chinese, installing hints and all', async () => {
    const { ask } = await demo();
    const first = await ask('你好，演示一下');
    expect(first).toContain('这是 Dingbridge 内置的演示智能体，不是真正的编程智能体。');
    expect(first).toContain('你说：');
    expect(first).toContain('> 你好，演示一下');
    expect(first).toContain('npm install -g @qwen-code/qwen-code');
    expect(first).not.toMatch(/You said|not a real coding agent/);
    expect(await ask('再来一次')).toContain('写一个文件');
    expect(await ask('给我一个很长的回答')).toContain('这是演示长回答的第 160 行');
  });

  it('asks for permission to write a file in Chinese when asked in Chinese, and says what the answer was', async () => {
    const { ask, asked } = await demo((request) => (request.toolCall.title === '写入 dingbridge-demo.txt' ? 'always' : 'deny'));
    expect(await ask('帮我写一个文件')).toContain('你允许了写入 `dingbridge-demo.txt`（以后每次都允许）。');
    expect(asked[0]?.toolCall.title).toBe('写入 dingbridge-demo.txt');
    expect(asked[0]?.options.map((option) => option.name)).toEqual(['允许一次', '始终允许', '拒绝']);
    const denied = await demo(() => 'deny');
    expect(await denied.ask('please write a file')).toContain('You did not allow it, so `dingbridge-demo.txt` was not written.');
    expect(denied.asked[0]?.toolCall.title).toBe('Write dingbridge-demo.txt');
  });
});
