// Lint rules for the whole repository: typescript-eslint recommended, React hooks rules for the designer, and the layering of DESIGN.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'designer/dist/**', 'bench/results/**', '.tradelane/**', 'runtime/engine/node-red-bridge/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['designer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layering(),
);

/**
 * The import arrows of DESIGN.md, so a wrong one fails `npm test`: runtime -> nodes/sdk <- nodes/*; nodes never import
 * runtime/; domain folders import only the SDK and canonical; the designer talks HTTP and may import SDK types only.
 */
function layering() {
  const domains = ['canonical', 'edi', 'erp', 'reliability', 'supplier-portal', 'customer-portal'];
  const rule = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
  const noRuntime = { group: ['**/runtime/**'], message: 'Nodes never import runtime/: they get services through the SDK context.' };
  const otherDomains = (own) => domains.filter((name) => name !== own && name !== 'canonical').map((name) => `**/${name}/**`);
  return [
    { files: ['nodes/**/*.ts'], rules: rule([noRuntime]) },
    { files: ['nodes/sdk/**/*.ts'], rules: rule([noRuntime, { group: domains.map((name) => `**/${name}/**`), message: 'The SDK imports no node domain: domains import the SDK.' }]) },
    ...domains.map((own) => ({
      files: [`nodes/${own}/**/*.ts`],
      rules: rule([noRuntime, { group: otherDomains(own), message: 'Node domains do not import each other, except canonical.' }]),
    })),
    {
      files: ['designer/**/*.{ts,tsx}'],
      rules: rule([
        { group: ['**/runtime/**'], message: 'The designer talks to the runtime over HTTP and socket.io only.' },
        { group: ['**/nodes/**', '!**/nodes/sdk/**'], message: 'The designer may import SDK types only.' },
        { group: ['**/nodes/sdk/**'], allowTypeImports: true, message: 'The designer may import SDK types only (import type).' },
      ]),
    },
  ];
}
