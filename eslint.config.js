import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // .tmp: what the benches build for themselves (the stall bench's bundled device).
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'drizzle/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JS scripts run under Node.
    files: ['**/*.mjs', '**/*.cjs', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // DESIGN.md section 1: the core and the contract run under plain Node and in the
    // renderer; they must never reach for Electron. Platform needs are injected. The core
    // thread (and its client, shared by both shells) runs the core: the same rule.
    files: ['src-main/core/**/*.ts', 'src-main/contract/**/*.ts', 'src-main/core-thread/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core/ and contract/ must stay Electron-free: inject the capability instead.' }],
          patterns: [{ group: ['electron/*', 'electron-*'], message: 'core/ and contract/ must stay Electron-free.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: 'core/ must stay Electron-free.' },
      ],
    },
  },
  {
    // The contract is imported by the sandboxed preload and the renderer: no Node built-ins.
    files: ['src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'contract/ must stay Electron-free.' }],
          patterns: [{ group: ['node:*', 'electron/*', '../core/*', '../core'], message: 'contract/ is shared with the renderer: only zod and plain TypeScript.' }],
        },
      ],
    },
  },
);
