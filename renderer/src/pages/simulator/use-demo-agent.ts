import { useApi } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { settingsWithDemoAgent } from '../../../../electron/contract/window-shared';

/** "Use the demo agent": the channel saved with the built-in demo agent, which restarts it with a fresh chat. */
export function useDemoAgent() {
  const api = useApi();
  return useAction(async (name: string) => {
    const channel = await api['channels.get']({ name });
    await api['channels.save']({ name, settings: settingsWithDemoAgent(channel.settings ?? {}) });
  });
}
