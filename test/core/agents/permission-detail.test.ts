import { describe, expect, it } from 'vitest';
import { describeToolInput, toolTitleOf } from '../../../electron/core/agents/permission-detail.js';

describe('what a permission request is shown as', () => {
  it('names the tool by its title, or by the name an agent gives beside a title that is only its input', () => {
    expect(toolTitleOf({ title: 'Shell', kind: 'execute' })).toBe('Shell');
    expect(toolTitleOf({ title: '{"path":"chart.png"}', _meta: { toolName: 'mcp__dingbridge__send_image' } })).toBe('mcp__dingbridge__send_image');
    expect(toolTitleOf({ title: 'Write file', _meta: { toolName: 'write_file' } })).toBe('Write file');
    expect(toolTitleOf({ title: null, kind: 'edit' })).toBe('edit');
    expect(toolTitleOf({})).toBe('a tool');
  });

  it('shows what the tool wants to do: its command or path, else its whole input', () => {
    expect(describeToolInput({ command: 'npm test' })).toBe('npm test');
    expect(describeToolInput({ path: 'chart.png' })).toBe('chart.png');
    expect(describeToolInput({ query: 'x' })).toBe('{"query":"x"}');
    expect(describeToolInput(undefined)).toBeUndefined();
  });
});
