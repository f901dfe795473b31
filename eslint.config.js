import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import coreLayers from './lint/core-layers.js';

const electronOnly = ['electron', 'electron-store', 'electron-log', 'electron-updater'];

/**
 * Which folder of electron/core may import which (besides itself). A message runs platform → access → agents →
 * reply → events; channel wires one run of that path, engine runs the channels behind the contract, desktop serves
 * the tray. `/path` is a file or folder outside core. docs/architecture.md explains each folder.
 */
const CORE_LAYERS = {
  base: ['/package.json'],
  chat: ['base'],
  secrets: ['base'],
  platform: ['base', 'chat'],
  'platform/dingtalk': ['base', 'chat', 'platform'],
  // The simulator's chat shows an agent's problem with the way on.
  'platform/simulator': ['base', 'chat', 'platform', 'platform/dingtalk', 'agents'],
  // A channel's settings are made of every layer's own.
  config: ['base', 'chat', 'secrets', 'agents', 'platform/dingtalk'],
  access: ['base', 'chat', 'config'],
  agents: ['base', 'chat'],
  // The reply words what the agent side says, and records what became of each message in the log.
  reply: ['base', 'chat', 'platform', 'agents', 'events'],
  // The log's events carry the codes of every layer's problems.
  events: ['base', 'chat', 'access', 'agents'],
  channel: ['base', 'chat', 'config', 'platform', 'platform/dingtalk', 'platform/simulator', 'access', 'agents', 'reply', 'events'],
  engine: ['base', 'chat', 'secrets', 'config', 'platform/dingtalk', 'platform/simulator', 'access', 'agents', 'events', 'channel', '/electron/contract'],
  desktop: ['base', 'agents', 'engine'],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'coverage/', 'test/fixtures/lint/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    // Preloaded into another program (Qwen Code's own channel) by the benchmarks.
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', Request: 'readonly' } },
  },
  {
    // The stand-in `electron` module runs as plain CommonJS inside the unpacked app, as Electron's own would.
    files: ['test/packaging/stand-in-electron/**/*.{cjs,mjs}'],
    languageOptions: {
      globals: { process: 'readonly', Buffer: 'readonly', URL: 'readonly', Request: 'readonly', setImmediate: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['test/packaging/stand-in-electron/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The window talks to the engine only through the contract: its calls and events, and the schemas and constants
    // electron/contract/window-shared.ts passes on.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/core', '**/electron/core/**'],
              message: 'The window reaches the engine only through electron/contract (window-shared.ts for schemas and constants).',
            },
          ],
        },
      ],
    },
  },
  {
    // The agents' file tool is bundled alone and run by a plain Node outside the app: it stays a small MCP server that
    // knows the app only through its link, so it takes nothing but the MCP SDK, zod and Node's own modules.
    files: ['electron/mcp/**/*.{ts,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!node:|@modelcontextprotocol/sdk/|zod$|\\./[^/]+$)',
              message: 'electron/mcp may import only the MCP SDK, zod, node: modules and its own files.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine must run in plain Node (headless daemon, tests): nothing under core may load Electron.
    files: ['electron/core/**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { core: coreLayers },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnly.map((name) => ({
            name,
            message: 'electron/core is plain Node: pass what you need in from electron/main instead.',
          })),
          patterns: [
            {
              group: electronOnly.map((name) => `${name}/*`),
              message: 'electron/core is plain Node: pass what you need in from electron/main instead.',
            },
          ],
        },
      ],
      'core/core-layers': ['error', { root: 'electron/core', layers: CORE_LAYERS }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(-store|-log|-updater)?(\\u002F.*)?$/]",
          message: 'electron/core is plain Node: pass what you need in from electron/main instead.',
        },
        {
          selector: "ImportExpression[source.value=/^electron(-store|-log|-updater)?(\\u002F.*)?$/]",
          message: 'electron/core is plain Node: pass what you need in from electron/main instead.',
        },
      ],
    },
  },
);
