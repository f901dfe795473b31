import { useApi } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { SIMULATOR_CHANNEL_NAME, simulatorChannelSettings, firstUsablePreset } from '../../../../electron/contract/window-shared';

/**
 * "Try it now": a simulator channel with the first agent on this computer that can answer (else the demo: an agent
 * that is installed but not logged in would answer every message with a login error), then its chat.
 */
export function useTryIt() {
  const api = useApi();
  return useAction(async () => {
    const agents = await api['agents.detect']();
    const preset = firstUsablePreset(agents);
    await api['channels.save']({ name: SIMULATOR_CHANNEL_NAME, settings: simulatorChannelSettings(preset) });
    window.location.hash = '#/simulator';
  });
}
