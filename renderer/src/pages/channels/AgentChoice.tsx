import { useMessages } from '../../i18n/i18n';
import { NeedsLogin } from '../../components/NeedsLogin';
import type { Messages } from '../../i18n/en';
import type { DetectedAgent } from '../../view-types';
import { agentReason, installHintText } from '../../i18n/engine-words';

/**
 * Always there, whatever detection found (or an older engine left out): the one agent that can answer on any
 * computer, so a channel can be tried before any real agent works. Its name is the window's (see agentName).
 */
const DEMO: DetectedAgent = { preset: 'demo', label: '', command: '', installed: true, state: 'usable', install: '' };

/** An agent's name as the window shows it: the demo's in the window's language, a real agent's as it is called. */
export const agentName = (preset: string | undefined, name: string, m: Messages): string => (preset === 'demo' ? m.agents.demo : name);

/** The agents to offer: what detection found, in its order, with the demo agent among them in any case. */
export function agentChoices(detected: readonly DetectedAgent[]): DetectedAgent[] {
  return detected.some((agent) => agent.preset === 'demo') ? [...detected] : [...detected, DEMO];
}

/** "Qwen Code — installed, needs login": the agent and whether it can answer, for an option of the list. */
export function agentOptionText(agent: DetectedAgent, m: Messages): string {
  const option = m.agents.option;
  const state = agent.preset === 'demo' ? m.agents.builtIn : agent.state === 'usable' ? option.usable(agent.version ?? '') : option[agent.state];
  return `${agentName(agent.preset, agent.label, m)} — ${state}`;
}

/** What the chosen agent still needs before it can answer, under the list; nothing when it is ready. */
export function AgentReadiness({ agent }: { agent: DetectedAgent }) {
  const m = useMessages();
  switch (agent.state) {
    case 'needs-login':
      return <NeedsLogin login={agent.login} />;
    case 'broken':
      return <>{m.agents.broken(agentReason(agent.reason, agent.problem, m) ?? '')}</>;
    case 'not-installed':
      return <>{m.agents.notInstalled(installHintText(agent.install, agent.installHint, m))}</>;
    default:
      return null;
  }
}

interface SelectProps {
  id: string;
  describedBy: string | undefined;
  value: string;
  detected: readonly DetectedAgent[];
  customLabel: string;
  onChange: (preset: string) => void;
}

/**
 * The agent list of a channel form: every detected agent with whether it can answer, the demo agent always,
 * a preset detection does not know (from an import) as it is, and a custom command.
 */
export function AgentSelect({ id, describedBy, value, detected, customLabel, onChange }: SelectProps) {
  const m = useMessages();
  const choices = agentChoices(detected);
  return (
    <select id={id} aria-describedby={describedBy} value={value} onChange={(e) => onChange(e.target.value)}>
      {choices.map((agent) => (
        <option key={agent.preset} value={agent.preset}>
          {agentOptionText(agent, m)}
        </option>
      ))}
      {choices.some((agent) => agent.preset === value) || value === 'custom' ? null : <option value={value}>{value}</option>}
      <option value="custom">{customLabel}</option>
    </select>
  );
}
