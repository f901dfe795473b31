import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * Keeps electron/core's folders in their order: a file may import from its own folder and from the folders its
 * folder's entry in the table names, nothing else. Relative imports are resolved, so `../../agents/x.js` from
 * platform/dingtalk is seen as agents, whatever depth it is written from. A folder with sub-folders of its own
 * (platform) lists each: `platform/dingtalk`.
 */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Which electron/core folder may import which' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { root, layers } = context.options[0];
    const cwd = context.cwd;
    const coreRoot = normalize(join(cwd, root));
    const fileName = normalize(context.filename);
    if (!fileName.startsWith(coreRoot + sep)) return {};
    const layerOf = (path) => {
      const parts = relative(coreRoot, path).split(sep);
      if (parts.length < 2) return undefined;
      const nested = `${parts[0]}/${parts[1]}`;
      return parts.length > 2 && nested in layers ? nested : parts[0];
    };
    const own = layerOf(fileName);
    const shown = (path) => relative(cwd, path).split(sep).join('/');

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = normalize(join(dirname(fileName), source));
      if (!target.startsWith(coreRoot + sep)) {
        const allowed = layers[own] ?? [];
        const path = shown(target);
        if (!allowed.some((entry) => entry.startsWith('/') && (path === entry.slice(1) || path.startsWith(`${entry.slice(1)}/`)))) {
          context.report({ node, message: `${root}/${own} may not import ${path}: only what the layer table in eslint.config.js allows.` });
        }
        return;
      }
      const layer = layerOf(target);
      if (layer === own) return;
      if (layer === undefined) {
        context.report({ node, message: `${shown(target)} sits loose at ${root}'s root; move it into the folder it belongs to.` });
        return;
      }
      if (!(layers[own] ?? []).includes(layer)) {
        context.report({ node, message: `${root}/${own} may not import ${root}/${layer}: the layer table in eslint.config.js says which folders each may import.` });
      }
    }

    return {
      Program(node) {
        if (own === undefined) context.report({ node, message: `${shown(fileName)} sits loose at ${root}'s root; move it into the folder it belongs to.` });
        else if (!(own in layers)) context.report({ node, message: `${root}/${own} is not in the layer table in eslint.config.js: add it, with the folders it may import.` });
      },
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'core-layers': rule } };
