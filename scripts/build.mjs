// Bundles the CLI into one ESM file: one file starts faster than many (DESIGN.md 8).
import { build } from 'esbuild';
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/tsemu.mjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __tsemuCreateRequire } from 'module'; const require = __tsemuCreateRequire(import.meta.url);" },
});
