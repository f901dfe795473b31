import { useApi } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { SIMULATOR_CHANNEL_NAME, simulatorChannelSettings } from '../../../../electron/core/config/defaults';

/** "Try it now": a simulator channel with the first agent this computer has (else the demo), then its chat. */
export function useTryIt() {
  const api = useApi();
  return useAction(async () => {
    const agents = await api['agents.detect']();
    const preset = agents.find((agent) => agent.installed)?.preset ?? 'demo';
    await api['channels.save']({ name: SIMULATOR_CHANNEL_NAME, settings: simulatorChannelSettings(preset) });
    window.location.hash = '#/simulator';
  });
}
