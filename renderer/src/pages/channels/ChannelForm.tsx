import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useLive } from '../../hooks/use-live';
import { useMessages } from '../../i18n/i18n';
import { checkStepText } from '../../i18n/engine-words';
import { failureText } from '../../i18n/failure-words';
import { Field } from '../../components/Field';
import { ActionButton } from '../../components/ActionButton';
import { ListEditor } from '../../components/ListEditor';
import { emptyForm, fromSettings, problemText, proxySetting, toSettings, validate, type FormProblem, type FormState } from './form-state';
import { ContractError } from '../../../../electron/contract/errors';
import { settingApplies, firstUsablePreset, PUBLIC_CARD_TEMPLATE } from '../../../../electron/contract/window-shared';
import { AgentReadiness, AgentSelect, agentChoices } from './AgentChoice';
import { AgentEnvEditor } from './AgentEnvEditor';
import type { ChannelView } from '../../view-types';
import type { Messages } from '../../i18n/en';

/** What "Test connection" sends, and so all it checks: the channel's name plays no part in it. */
const TEST_FIELDS = ['dingtalk.clientId', 'dingtalk.clientSecret', 'dingtalk.endpoints.api', 'dingtalk.endpoints.oapi', 'dingtalk.proxy'] as const;

/** The settings that have a field of their own, where a problem the engine finds is shown; the rest go in the alert. */
const SHOWN_FIELDS = new Set([
  'name', 'dingtalk.clientId', 'dingtalk.clientSecret', 'dingtalk.robotCode', 'agent.preset', 'agent.command', 'cwd', 'model', 'instructions', 'allowedUsers',
  'approvers', 'dingtalk.endpoints.api', 'dingtalk.endpoints.oapi', 'dingtalk.proxy', 'dingtalk.maxDownloadMB',
]);

/** The form's keys whose setting has another path in the settings. */
const SETTING_PATHS: Partial<Record<keyof FormState, string>> = {
  clientId: 'dingtalk.clientId',
  clientSecret: 'dingtalk.clientSecret',
  robotCode: 'dingtalk.robotCode',
  api: 'dingtalk.endpoints.api',
  oapi: 'dingtalk.endpoints.oapi',
  proxy: 'dingtalk.proxy',
  noProxy: 'dingtalk.proxy',
  command: 'agent.command',
  preset: 'agent.preset',
  env: 'agent.env',
  maxDownloadMB: 'dingtalk.maxDownloadMB',
};

/** Whether a problem's setting is `path` or inside it (`agent.env.KEY` is inside `agent.env`). */
const within = (setting: string, path: string) => setting === path || setting.startsWith(`${path}.`);

/**
 * The engine's field problems in a refusal, by path, with the codes the window words them from. `section` is where
 * the call's fields sit in the settings ("Test connection" sends only the `dingtalk` section's).
 */
function problemsIn(failure: unknown, section = ''): Record<string, FormProblem> {
  if (!(failure instanceof ContractError) || !failure.problems) return {};
  return Object.fromEntries(failure.problems.map(({ path, ...problem }) => [`${section}${path}`, problem]));
}

/**
 * Brings the first field with a problem (among `fields`, if given) into view and focus, so a refused save is
 * not a message at the bottom of a long form. Without one, the form's alert is shown instead.
 */
function showFirstProblem(form: HTMLFormElement | null, fields?: readonly string[]) {
  if (!form) return;
  const invalid = [...form.querySelectorAll<HTMLElement>('.field.invalid')].find((field) => !fields || fields.includes(field.dataset.field ?? ''));
  const control = invalid?.querySelector<HTMLElement>('input, select, textarea');
  const target = control ?? (fields ? undefined : form.querySelector<HTMLElement>('.actions [role="alert"]'));
  if (!target) return;
  // The endpoints live in the closed Advanced section, where a problem would stay hidden.
  const details = target.closest('details');
  if (details) details.open = true;
  target.scrollIntoView({ block: 'center' });
  if (control) control.focus({ preventScroll: true });
}

interface Props {
  /** The channel being edited; absent for a new one. */
  existing?: ChannelView;
  /** Settings to start from (an import), for a new channel. */
  initial?: FormState;
  onDone: (name?: string) => void;
  /** Told whether the form holds edits not saved yet, so the page can ask before it closes the form. */
  onDirtyChange?: (dirty: boolean) => void;
}

/** The channel form: every setting, checked as you type with the engine's schema, saved through the contract. */
export function ChannelForm({ existing, initial, onDone, onDirtyChange }: Props) {
  const api = useApi();
  const m = useMessages();
  const f = m.form;
  const [form, setForm] = useState<FormState>(() => (existing ? fromSettings(existing.name, existing.settings ?? {}) : (initial ?? emptyForm())));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // A new object per failed attempt, so pressing Save twice on the same problem shows it again.
  const [failure, setFailure] = useState<{ fields?: readonly string[] }>();
  useEffect(() => {
    if (failure) showFirstProblem(formRef.current, failure.fields);
  }, [failure]);
  const applies = (setting: string) => settingApplies(form.type, setting);
  const agents = useLive(() => api['agents.detect'](), []);
  const secret = existing?.settings?.dingtalk.clientSecret;
  const local = useMemo(() => validate(form, Boolean(secret?.hasSecret)), [form, secret?.hasSecret]);
  // What the engine refused in the last save, with codes (the shared action state keeps only the English); a
  // field's problem goes once that field is edited, since it was about the old value.
  const [refused, setRefused] = useState<Record<string, FormProblem>>({});
  const [save, saving] = useAction(async () => {
    try {
      return await api['channels.save']({ name: form.name.trim(), previousName: existing?.name, settings: toSettings(form) });
    } catch (failure) {
      setRefused(problemsIn(failure));
      throw failure;
    }
  });
  const [createdFolder, setCreatedFolder] = useState<{ path: string; created: boolean }>();
  const [makeFolder, making] = useAction(async (path: string) => {
    try {
      return await api['folders.create']({ path });
    } catch (failure) {
      // Why it could not be created belongs where the folder is typed, worded like every other problem there.
      const [problem] = Object.values(problemsIn(failure));
      setRefused((previous) => ({ ...previous, cwd: problem ?? { message: failureText(failure, m) } }));
      throw failure;
    }
  });
  const [test, testing] = useAction(async () => {
    try {
      return await api['channels.test']({
        clientId: form.clientId.trim(),
        ...(form.clientSecret.trim() ? { clientSecret: form.clientSecret.trim() } : {}),
        ...(existing ? { name: existing.name } : {}),
        endpoints: { api: form.api.trim(), oapi: form.oapi.trim() },
        ...proxySetting(form),
      });
    } catch (failure) {
      // A refusal that names a field (the saved AppSecret kept from other endpoints) is said at that field.
      setRefused((previous) => ({ ...previous, ...problemsIn(failure, 'dingtalk.') }));
      throw failure;
    }
  });
  const [testResult, setTestResult] = useState<Awaited<ReturnType<typeof test>>>();

  // The form as it was before the user's first edit: the agent picked for a new channel after detection is not an edit.
  const [pristine, setPristine] = useState<FormState>();
  const dirty = useMemo(() => pristine !== undefined && JSON.stringify(form) !== JSON.stringify(pristine), [form, pristine]);
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    if (!pristine) setPristine(form);
    setForm((previous) => ({ ...previous, [key]: value }));
    const path = SETTING_PATHS[key] ?? key;
    setRefused((previous) => (Object.keys(previous).some((other) => within(other, path)) ? Object.fromEntries(Object.entries(previous).filter(([other]) => !within(other, path))) : previous));
    if (key === 'cwd') setCreatedFolder(undefined);
  };
  const touch = (key: string) => setTouched((previous) => new Set(previous).add(key));
  const problemFor = (path: string): FormProblem | undefined => refused[path] ?? (tried || touched.has(path) ? local[path] : undefined);
  const errorFor = (path: string) => {
    const problem = problemFor(path);
    return problem ? problemText(f.problems, path, problem) : undefined;
  };
  // Problems the engine found in settings the form has no field for (kept from the file): said in the alert instead.
  const unshown = Object.entries(refused).filter(([path]) => !SHOWN_FIELDS.has(path) && !within(path, 'agent.env'));
  const refusedAny = Object.keys(refused).length > 0;

  const submit = async () => {
    setTried(true);
    if (Object.keys(local).length) return setFailure({});
    setRefused({});
    const saved = await save();
    if (saved) onDone(saved.name);
    else setFailure({});
  };

  const createFolder = async () => {
    // The engine's own reading of the folder (`~` and `$NAME` resolved), so what is made is what it looked for.
    const made = await makeFolder(refused.cwd?.value ?? form.cwd.trim());
    if (!made) return;
    setRefused((previous) => Object.fromEntries(Object.entries(previous).filter(([path]) => path !== 'cwd')));
    setCreatedFolder(made);
  };

  const runTest = async () => {
    setTouched((previous) => new Set([...previous, ...TEST_FIELDS]));
    if (TEST_FIELDS.some((path) => local[path])) return setFailure({ fields: TEST_FIELDS });
    setTestResult(await test());
  };

  const detected = agents.data ?? [];
  // A new channel starts with the first agent this computer can actually answer with (the demo agent if none).
  useEffect(() => {
    if (existing || initial || !agents.data) return;
    const usable = firstUsablePreset(agents.data);
    setForm((previous) => (previous.preset === 'qwen' ? { ...previous, preset: usable } : previous));
  }, [agents.data, existing, initial]);
  const selected = agentChoices(detected).find((agent) => agent.preset === form.preset);

  return (
    <form
      ref={formRef}
      className="panel form"
      aria-label={existing ? f.editTitle(existing.name) : f.newTitle}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2>{existing ? f.editTitle(existing.name) : f.newTitle}</h2>

      <fieldset>
        <legend>{form.type === 'simulator' ? f.sections.simulator : f.sections.bot}</legend>
        {form.type === 'simulator' ? <p className="hint">{f.simulatorNote}</p> : null}
        <Field label={f.name} name="name" hint={f.nameHint} error={errorFor('name')}>
          {(id, describedBy) => (
            <input id={id} aria-describedby={describedBy} value={form.name} onChange={(e) => set('name', e.target.value)} onBlur={() => touch('name')} autoFocus={!existing} />
          )}
        </Field>
        {applies('clientId') ? (
          <>
            <Field label={f.clientId} name="dingtalk.clientId" error={errorFor('dingtalk.clientId')}>
              {(id, describedBy) => (
                <input id={id} aria-describedby={describedBy} value={form.clientId} onChange={(e) => set('clientId', e.target.value)} onBlur={() => touch('dingtalk.clientId')} spellCheck={false} autoComplete="off" />
              )}
            </Field>
            <Field label={f.clientSecret} name="dingtalk.clientSecret" hint={secret?.hasSecret ? f.secretSet(secret.last4 ?? '') : existing ? f.secretMissing : undefined} error={errorFor('dingtalk.clientSecret')}>
              {(id, describedBy) => (
                <input id={id} aria-describedby={describedBy} type="password" value={form.clientSecret} onChange={(e) => set('clientSecret', e.target.value)} onBlur={() => touch('dingtalk.clientSecret')} autoComplete="new-password" spellCheck={false} />
              )}
            </Field>
            <Field label={f.robotCode} name="dingtalk.robotCode" hint={f.robotCodeHint} error={errorFor('dingtalk.robotCode')}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.robotCode} onChange={(e) => set('robotCode', e.target.value)} spellCheck={false} />}
            </Field>
            <div className="row">
              <ActionButton busy={testing.busy} disabled={!form.clientId.trim()} onClick={() => void runTest()}>
                {testing.busy ? f.testing : f.test}
              </ActionButton>
              <div className="test-result" role="status" aria-live="polite">
                {testing.error && !Object.keys(testing.problems).length ? <p className="error">{testing.error}</p> : null}
                {testResult?.steps.map((step) => (
                  <p key={step.step} className={step.ok ? 'ok' : 'error'}>
                    {step.ok ? '✔' : '✘'} {checkStepText(step, m)}
                  </p>
                ))}
              </div>
            </div>
          </>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{f.sections.agent}</legend>
        <Field label={f.preset} name="agent.preset" hint={selected ? <AgentReadiness agent={selected} /> : undefined} error={errorFor('agent.preset')}>
          {(id, describedBy) => (
            <AgentSelect id={id} describedBy={describedBy} value={form.preset} detected={detected} customLabel={f.custom} onChange={(preset) => set('preset', preset)} />
          )}
        </Field>
        {form.preset === 'custom' ? (
          <>
            <Field label={f.command} name="agent.command" error={errorFor('agent.command')}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.command} onChange={(e) => set('command', e.target.value)} onBlur={() => touch('agent.command')} spellCheck={false} />}
            </Field>
            <Field label={f.args} hint={f.argsHint}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.args} onChange={(e) => set('args', e.target.value)} spellCheck={false} />}
            </Field>
          </>
        ) : null}
        <Field
          label={f.cwd}
          name="cwd"
          hint={
            createdFolder ? (
              <span role="status">{(createdFolder.created ? f.folderCreated : f.folderExists)(createdFolder.path)}</span>
            ) : form.type === 'simulator' ? (
              f.cwdSimulatorHint
            ) : (
              f.cwdHint
            )
          }
          error={errorFor('cwd')}
          fix={
            refused.cwd?.code === 'folder_missing' ? (
              <ActionButton busy={making.busy} onClick={() => void createFolder()}>
                {making.busy ? f.creatingFolder : f.createFolder}
              </ActionButton>
            ) : undefined
          }
        >
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.cwd} onChange={(e) => set('cwd', e.target.value)} onBlur={() => touch('cwd')} spellCheck={false} />}
        </Field>
        <Field label={f.model} name="model" hint={f.modelHint} error={errorFor('model')}>
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.model} onChange={(e) => set('model', e.target.value)} spellCheck={false} />}
        </Field>
        <AgentEnvEditor entries={form.env} onChange={(env) => set('env', env)} errorFor={(name) => errorFor(`agent.env.${name}`)} />
        <Field label={f.instructions} name="instructions" hint={f.instructionsHint} error={errorFor('instructions')}>
          {(id, describedBy) => <textarea id={id} aria-describedby={describedBy} rows={3} value={form.instructions} onChange={(e) => set('instructions', e.target.value)} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{f.sections.access}</legend>
        <div role="radiogroup" aria-label={f.senderPolicy} className="choices">
          {(['pairing', 'allowlist', 'open'] as const).map((policy) => (
            <label key={policy} className="choice">
              <input type="radio" name="senderPolicy" checked={form.senderPolicy === policy} onChange={() => set('senderPolicy', policy)} />
              {f.senderPolicies[policy]}
            </label>
          ))}
        </div>
        {form.senderPolicy !== 'open' ? (
          <ListEditor label={f.allowedUsers} hint={f.allowedUsersHint} addLabel={f.addUser} values={form.allowedUsers} onChange={(values) => set('allowedUsers', values)} error={errorFor('allowedUsers')} />
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{f.sections.groups}</legend>
        <div role="radiogroup" aria-label={f.groupPolicy} className="choices">
          {(['disabled', 'allowlist', 'open'] as const).map((policy) => (
            <label key={policy} className="choice">
              <input type="radio" name="groupPolicy" checked={form.groupPolicy === policy} onChange={() => set('groupPolicy', policy)} />
              {f.groupPolicies[policy]}
            </label>
          ))}
        </div>
        {form.groupPolicy !== 'disabled' ? (
          <>
            <label className="choice">
              <input type="checkbox" checked={form.requireMentionDefault} onChange={(e) => set('requireMentionDefault', e.target.checked)} />
              {f.requireMentionDefault}
            </label>
            <div className="group-list" aria-label={f.groups}>
              <p className="hint">{f.groupsHint}</p>
              {form.groups.map((group, index) => (
                <div className="row" key={index}>
                  <input
                    aria-label={`${f.groups} ${index + 1}`}
                    value={group.id}
                    placeholder="cid…"
                    spellCheck={false}
                    onChange={(e) => set('groups', form.groups.map((g, i) => (i === index ? { ...g, id: e.target.value } : g)))}
                  />
                  <select
                    aria-label={f.requireMention(index + 1)}
                    value={mentionChoice(group.requireMention)}
                    onChange={(e) => set('groups', form.groups.map((g, i) => (i === index ? withMention(g, e.target.value as MentionChoice) : g)))}
                  >
                    {(Object.keys(f.groupMentions) as MentionChoice[]).map((choice) => (
                      <option key={choice} value={choice}>
                        {f.groupMentions[choice]}
                      </option>
                    ))}
                  </select>
                  <button type="button" className="button quiet" onClick={() => set('groups', form.groups.filter((_, i) => i !== index))}>
                    {m.common.remove}
                  </button>
                </div>
              ))}
              <button type="button" className="button quiet" onClick={() => set('groups', [...form.groups, { id: '' }])}>
                + {f.addGroup}
              </button>
            </div>
          </>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{f.sections.conversation}</legend>
        <SelectField label={f.sessionScope} value={form.sessionScope} options={f.sessionScopes} onChange={(v) => set('sessionScope', v)} />
        <SelectField label={f.dispatchMode} value={form.dispatchMode} options={f.dispatchModes} onChange={(v) => set('dispatchMode', v)} />
        <SelectField label={f.outputMode} value={form.outputMode} options={f.outputModes} onChange={(v) => set('outputMode', v)} />
        <SelectField label={f.replyStyle} hint={f.replyStyleHint} value={form.replyStyle} options={f.replyStyles} onChange={(v) => set('replyStyle', v)} />
        {form.replyStyle === 'card' ? (
          <>
            <Field label={f.cardTemplate} name="dingtalk.card.templateId" hint={f.cardTemplateHint} error={errorFor('dingtalk.card.templateId')}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.cardTemplateId} placeholder={PUBLIC_CARD_TEMPLATE} onChange={(e) => set('cardTemplateId', e.target.value)} spellCheck={false} />}
            </Field>
            <Field label={f.cardContentKey} name="dingtalk.card.contentKey" error={errorFor('dingtalk.card.contentKey')}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.cardContentKey} placeholder="msgContent" onChange={(e) => set('cardContentKey', e.target.value)} spellCheck={false} />}
            </Field>
            <Field label={f.cardInterval} name="dingtalk.card.intervalMs" hint={f.cardIntervalHint} error={errorFor('dingtalk.card.intervalMs')}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} inputMode="numeric" value={form.cardIntervalMs} placeholder="1000" onChange={(e) => set('cardIntervalMs', e.target.value)} />}
            </Field>
          </>
        ) : null}
        <SelectField label={f.chatLanguage} hint={f.chatLanguageHint} value={form.chatLanguage} options={f.chatLanguages} onChange={(v) => set('chatLanguage', v)} />
        <SelectField label={f.permissions} value={form.permissions} options={f.permissionModes} onChange={(v) => set('permissions', v)} />
        {form.permissions === 'chat' ? (
          <ListEditor label={f.approvers} hint={f.approversHint} addLabel={f.addApprover} values={form.approvers} onChange={(values) => set('approvers', values)} error={errorFor('approvers')} />
        ) : null}
      </fieldset>

      <details>
        <summary>{f.sections.advanced}</summary>
        <label className="choice">
          <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          {f.enabled}
        </label>
        <Field label={f.maxDownload} name="dingtalk.maxDownloadMB" hint={f.maxDownloadHint} error={errorFor('dingtalk.maxDownloadMB')}>
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} inputMode="numeric" value={form.maxDownloadMB} placeholder="50" onChange={(e) => set('maxDownloadMB', e.target.value)} onBlur={() => touch('dingtalk.maxDownloadMB')} />}
        </Field>
        {applies('endpoints') ? (
          <>
            <Field label={f.apiEndpoint} name="dingtalk.endpoints.api" hint={f.endpointsHint} error={errorFor('dingtalk.endpoints.api')}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.api} onChange={(e) => set('api', e.target.value)} spellCheck={false} />}
            </Field>
            <Field label={f.oapiEndpoint} name="dingtalk.endpoints.oapi" error={errorFor('dingtalk.endpoints.oapi')}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={form.oapi} onChange={(e) => set('oapi', e.target.value)} spellCheck={false} />}
            </Field>
            <Field label={f.proxy} name="dingtalk.proxy" hint={f.proxyHint} error={errorFor('dingtalk.proxy')}>
              {(id, describedBy) => (
                <input
                  id={id}
                  aria-describedby={describedBy}
                  value={form.noProxy ? '' : form.proxy}
                  disabled={form.noProxy}
                  placeholder={f.proxyPlaceholder}
                  onChange={(e) => set('proxy', e.target.value)}
                  spellCheck={false}
                  autoComplete="off"
                />
              )}
            </Field>
            <label className="choice">
              <input type="checkbox" checked={form.noProxy} onChange={(e) => set('noProxy', e.target.checked)} />
              {f.noProxy}
            </label>
          </>
        ) : null}
      </details>

      <div className="actions">
        {saving.error || (tried && Object.keys(local).length) ? (
          <p className="error" role="alert">
            {/* A refusal's English lists every field; the fields say it in the window's words, so only the rest is here. */}
            {saving.error && !refusedAny ? saving.error : f.fixProblems}
            {unshown.map(([path, problem]) => ` ${path}: ${problemText(f.problems, path, problem)}`).join('')}
          </p>
        ) : null}
        <button type="button" className="button quiet" onClick={() => onDone()}>
          {m.common.cancel}
        </button>
        <ActionButton type="submit" kind="primary" busy={saving.busy} onClick={() => undefined}>
          {m.common.save}
        </ActionButton>
      </div>
    </form>
  );
}

type MentionChoice = keyof Messages['form']['groupMentions'];
type ListedGroup = FormState['groups'][number];

const mentionChoice = (requireMention: boolean | undefined): MentionChoice => (requireMention === undefined ? 'default' : requireMention ? 'mention' : 'all');

/** The group with the choice made; "as for all groups" leaves it without one of its own, so it follows "*". */
function withMention({ requireMention: _previous, ...group }: ListedGroup, choice: MentionChoice): ListedGroup {
  return choice === 'default' ? group : { ...group, requireMention: choice === 'mention' };
}

function SelectField<T extends string>({ label, hint, value, options, onChange }: { label: string; hint?: string; value: T; options: Record<T, string>; onChange: (value: T) => void }) {
  return (
    <Field label={label} hint={hint}>
      {(id, describedBy) => (
        <select id={id} value={value} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value as T)}>
          {(Object.keys(options) as T[]).map((key) => (
            <option key={key} value={key}>
              {options[key]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
