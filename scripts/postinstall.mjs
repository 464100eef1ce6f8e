// Builds the native addon (native/ -> native/build/Release/tsemu_native.node) at
// `npm install`. It is optional: tsemu runs without it and only what needs it
// (pipes, poll, ioctl, ...) fails, with a clear message. So this script never
// fails the install: on any problem it prints a warning and exits 0.
// Set TSEMU_SKIP_NATIVE=1 to skip the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');
const output = join(nativeDir, 'build', 'Release', 'tsemu_native.node');

function warn(why, details = '') {
  if (details) process.stderr.write(details.trimEnd().split('\n').slice(-25).join('\n') + '\n');
  console.warn(`tsemu: WARNING: native addon not built (${why}); tsemu runs without it, ` +
    `but pipes, poll, ioctl and similar syscalls will fail. Retry with: node scripts/postinstall.mjs`);
  process.exit(0);
}

// Newest modification time of the addon's sources (its package.json, CMakeLists.txt, src/).
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const st = statSync(path);
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const name of ['package.json', 'CMakeLists.txt', 'src']) visit(join(nativeDir, name));
  return newest;
}

try {
  if (process.env.TSEMU_SKIP_NATIVE) {
    console.log('tsemu: native addon build skipped (TSEMU_SKIP_NATIVE is set)');
    process.exit(0);
  }
  if (!existsSync(join(nativeDir, 'CMakeLists.txt'))) warn('native/ is missing from this install');
  if (existsSync(output) && statSync(output).mtimeMs > newestSource()) {
    console.log('tsemu: native addon is up to date');
    process.exit(0);
  }
  const cmake = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
  if (cmake.error || cmake.status !== 0) {
    warn('cmake not found; install cmake and a C++ compiler, e.g. apt-get install cmake g++');
  }
  // Resolved as a package, not via node_modules/.bin, so a hoisted install works too.
  const require = createRequire(import.meta.url);
  const cmakeJs = join(dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
  const started = Date.now();
  // cmake-js reads native/package.json ("binary": {"napi_versions": [9]}) and so
  // builds against node-api-headers, offline, without downloading Node headers.
  const build = spawnSync(process.execPath, [cmakeJs, 'build', '--log-level', 'warn'], {
    cwd: nativeDir,
    encoding: 'utf8',
  });
  if (build.error) warn(build.error.message);
  if (build.status !== 0 || !existsSync(output)) {
    warn(`cmake-js exited with ${build.status ?? build.signal}`, `${build.stdout}\n${build.stderr}`);
  }
  console.log(`tsemu: native addon built in ${((Date.now() - started) / 1000).toFixed(1)} s: native/build/Release/tsemu_native.node`);
} catch (err) {
  warn(err instanceof Error ? err.message : String(err));
}
