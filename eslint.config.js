// Lint, and the layer rules of ARCHITECTURE.md: renderer ──> core/api; electron ──> core ──> db; server ──> core ──> db.
// Only electron/ imports 'electron'; only renderer/ imports React; nothing imports renderer/.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*', 'antd', 'antd/*', '@ant-design/*', '@tanstack/react-query', 'react-router'];
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream'];

const rule = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
});
const noElectron = [['electron', 'electron/*'], "Only electron/ imports 'electron' (ARCHITECTURE.md, Layout)."];
const noReact = [REACT, 'Only renderer/ imports React and the UI libraries (ARCHITECTURE.md, Layout).'];
const noRenderer = [['**/renderer/**', '**/renderer'], 'Nothing imports renderer/ (ARCHITECTURE.md, Layout).'];
const noUpperLayers = (layer, ...names) => [names.map((n) => `**/${n}/**`), `${layer} does not depend on ${names.join(', ')}.`];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'e2e/artifacts/', 'test-results/', 'playwright-report/', 'bench/out/', '.electron-native/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...rule(
        noElectron,
        [NODE_BUILTINS, 'The renderer runs sandboxed: no Node modules. Ask a service through api instead.'],
        [['**/core/*', '!**/core/api', '!**/core/consoleApi', '**/core/*/**', '**/db/**', '**/server/**', '**/electron/**', '**/host/**'], 'The renderer may import core/api and core/consoleApi (types and schemas) only.'],
      ),
    },
  },
  { files: ['db/**/*.ts'], rules: rule(noElectron, noReact, noRenderer, noUpperLayers('db/', 'core', 'server', 'host', 'electron', 'bench')) },
  { files: ['core/**/*.ts'], rules: rule(noElectron, noReact, noRenderer, noUpperLayers('core/', 'server', 'host', 'electron', 'bench')) },
  { files: ['server/**/*.ts'], rules: rule(noElectron, noReact, noRenderer, noUpperLayers('server/', 'host', 'electron')) },
  { files: ['host/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'], rules: rule(noElectron, noReact, noRenderer) },
  { files: ['electron/**/*.ts'], rules: rule(noReact, noRenderer, noUpperLayers('electron/', 'server', 'host')) },
  { files: ['e2e/**/*.ts'], languageOptions: { globals: { ...globals.browser } }, rules: rule(noElectron, noReact, noRenderer) },
);
