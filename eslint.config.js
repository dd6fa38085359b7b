// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Architecture boundaries (see docs/architecture.md): each layer may only reach downwards. */
const uiOnly = [
  { name: 'ink', message: 'Only src/client/ui renders with Ink.' },
  { name: 'react', message: 'Only src/client/ui uses React.' },
  { name: 'ink-text-input', message: 'Only src/client/ui renders with Ink.' },
];
const ioModules = [
  'node:net',
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:http',
  'node:dgram',
].map((name) => ({ name, message: 'src/protocol is pure: no I/O.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'logs/**', 'bin/**', '.tmp/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test()/describe() return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/client/ui/**'],
    rules: { 'no-restricted-imports': ['error', { paths: uiOnly }] },
  },
  {
    files: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...uiOnly, ...ioModules],
          patterns: [
            { group: ['../*'], message: 'src/protocol imports nothing else of the project.' },
          ],
        },
      ],
    },
  },
  {
    // The chat domain (registries, hub, routing, handlers) knows nothing of sockets
    // (docs/architecture.md): only the server, its sessions and their writers touch the network.
    files: ['src/server/**'],
    ignores: [
      'src/server/chat-server.ts',
      'src/server/session.ts',
      'src/server/socket-writer.ts',
      // Persistence of name reservations (docs/security.md): the one file of the server domain's data on disk.
      'src/server/reservation-file.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...uiOnly,
            ...ioModules.map(({ name }) => ({
              name,
              message: 'The chat domain does no I/O: sessions and the server own the sockets.',
            })),
            { name: 'node:stream', message: 'The chat domain knows nothing of streams.' },
          ],
        },
      ],
    },
  },
  {
    // The client core is what the UI renders; it must never reach back into the UI.
    files: ['src/client/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: uiOnly,
          patterns: [{ group: ['../ui/**'], message: 'src/client/core never imports the UI.' }],
        },
      ],
    },
  },
  {
    // Calls feed the UI through ports in src/client/core; media never reaches into the UI.
    files: ['src/media/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: uiOnly,
          patterns: [{ group: ['**/client/ui/**'], message: 'src/media never imports the UI.' }],
        },
      ],
    },
  },
  {
    files: ['src/client/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:net', 'node:tls', 'node:dgram'].map((name) => ({
            name,
            message: 'The UI renders state from the client core; it never touches sockets.',
          })),
        },
      ],
    },
  },
  {
    // The CLI entry points and benchmarks talk to the user on the console on purpose.
    files: ['src/cli/**', 'bench/**', '__tests__/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['__tests__/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  prettier,
);
