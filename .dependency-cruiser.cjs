// Import boundaries of the layers (docs/architecture.md). Run by `npm run lint`.
// TypeScript 7 has no JS API, so dependency-cruiser parses with swc.

/** The repository's own top-level folders. */
const LOCAL =
  '^(adapters|app|bench|bin|cli|contract|core|lambdas|lib|scripts|test)/';

/** A rule: modules under `from` may import only local modules under `allowed`. */
const layer = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^${from}/` },
  to: {
    // Local modules only: npm packages and node: built-ins are not layers.
    path: LOCAL,
    pathNot: [`^${from}/`, ...allowed.map((dir) => `^${dir}/`)],
  },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'An import cycle: merge what belongs together, or invert the dependency.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer(
      'core-is-pure',
      'core',
      [],
      'core/ is pure logic: it imports nothing outside core/.',
    ),
    layer(
      'contract-is-standalone',
      'contract',
      [],
      'contract/ only names things (env vars, table attributes, routes).',
    ),
    layer(
      'app-on-core',
      'app',
      ['core', 'contract'],
      'app/ (use cases) builds on core/ and ports it declares itself.',
    ),
    layer(
      'adapters-implement-ports',
      'adapters',
      ['app', 'core', 'contract'],
      'adapters/ implement the ports of app/.',
    ),
    layer(
      'lambdas-wire',
      'lambdas',
      ['adapters', 'app', 'core', 'contract'],
      'lambdas/ only wire adapters to app/.',
    ),
    layer(
      'cli-wires',
      'cli',
      ['adapters', 'app', 'core', 'contract'],
      'cli/ uses app/ and adapters/, never lambdas/.',
    ),
    layer(
      'lib-knows-the-contract',
      'lib',
      ['core', 'contract'],
      'lib/ (constructs) knows only core/ and the environment contract.',
    ),
    {
      name: 'bench-not-lambdas',
      comment:
        'bench/ may use anything but lambdas/ (it measures app/ and adapters/).',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^lambdas/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|coverage)/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
