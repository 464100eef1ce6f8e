// Command line: qemu-user's options and QEMU_* environment variables (DESIGN.md 1), parsed with
// yargs. Errors that are ours are one line on stderr and exit status 1, never a stack trace.
import { openSync, readSync, closeSync, writeSync } from 'node:fs';
import { ARCHES, archForMachine } from '../arch/index.ts';
import { ElfError } from '../elf/parse.ts';
import { runGuest } from '../runtime/run.ts';
import { LOG_ITEMS, Logger } from './log.ts';
import { REGION_BACKENDS, type RegionBackend, TIERS, type Tier } from '../jit/translator.ts';
import { native } from '../runtime/native.ts';

export const VERSION = '0.1.0';

class UsageError extends Error {}

const say = (s: string) => writeSync(2, s.endsWith('\n') ? s : s + '\n');

function parseSize(s: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(s.trim());
  if (!m) throw new UsageError(`invalid stack size '${s}'`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * mult;
}

/** Reads e_machine from the ELF header, for the generic `tsemu` launcher. */
function sniffArch(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ElfError(`Could not open '${path}': ${code === 'ENOENT' ? 'No such file or directory' : code}`);
  }
  const b = Buffer.alloc(20);
  let n: number;
  try {
    n = readSync(fd, b, 0, 20, 0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ElfError(`Could not open '${path}': ${code === 'EISDIR' ? 'Is a directory' : code}`);
  } finally {
    closeSync(fd);
  }
  if (n < 20 || b.readUInt32BE(0) !== 0x7f454c46) throw new ElfError(`${path}: not an ELF file`);
  const machine = b[5] === 2 ? b.readUInt16BE(18) : b.readUInt16LE(18);
  const arch = archForMachine(machine);
  if (!arch) throw new ElfError(`${path}: no tsemu guest for ELF machine ${machine}`);
  return arch;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Options that take a value: everything up to the program name is ours, the rest the guest's. */
const VALUE_OPTIONS = new Set(['L', 'E', 'U', '0', 's', 'cpu', 'r', 'g', 'd', 'D', 'seed', 'tier', 'regions']);

/** Index of the program name: the first argument that is neither an option nor an option's value. */
function programIndex(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return i + 1;
    if (!a.startsWith('-') || a === '-') return i;
    const name = a.replace(/^--?/, '').split('=')[0];
    if (VALUE_OPTIONS.has(name) && !a.includes('=')) i++;
  }
  return args.length;
}

/**
 * The guest environment as qemu-user builds it: each host variable is pushed on the front of a
 * list (so the guest sees them in reverse order), -E pushes (replacing), -U removes.
 */
function guestEnvironment(host: NodeJS.ProcessEnv, sets: string[], unsets: string[]): string[] {
  let list: [string, string][] = [];
  const put = (k: string, v: string) => {
    list = list.filter(([n]) => n !== k);
    list.unshift([k, v]);
  };
  for (const [k, v] of Object.entries(host)) if (v !== undefined) put(k, v);
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq < 0) throw new UsageError(`-E needs var=value, got '${s}'`);
    put(s.slice(0, eq), s.slice(eq + 1));
  }
  const drop = new Set(unsets);
  return list.filter(([k]) => !drop.has(k)).map(([k, v]) => `${k}=${v}`);
}

export async function main(args: string[], fixedArch?: string): Promise<void> {
  const env = process.env;
  const split = programIndex(args);
  // -version is handled here: yargs reserves the `version` key for itself.
  if (args.slice(0, split).some((a) => a === '-version' || a === '--version')) {
    say(`tsemu${fixedArch ? '-' + fixedArch : ''} version ${VERSION}`);
    process.exit(0);
  }
  const guestArgs = args.slice(split);
  // yargs touches process.stdout when it loads, and Node then switches the standard streams to
  // O_NONBLOCK: the guest would see EAGAIN on its own stdout. Load it late and undo that.
  const stdFlags = [0, 1, 2].map((fd) => native?.fcntl(fd, native.constants.F_GETFL, 0) ?? -1);
  const { default: yargs } = await import('yargs');
  const parser = yargs(args.slice(0, split))
    .scriptName(fixedArch ? `tsemu-${fixedArch}` : 'tsemu')
    .usage('usage: $0 [options] program [arguments...]\nLinux user-mode binary translator')
    .parserConfiguration({ 'halt-at-non-option': true, 'short-option-groups': false, 'camel-case-expansion': false, 'dot-notation': false, 'duplicate-arguments-array': true })
    .option('L', { type: 'string', describe: 'ELF interpreter prefix (sysroot)', default: env.QEMU_LD_PREFIX })
    .option('E', { type: 'string', describe: 'set environment variable var=value (repeatable)' })
    .option('U', { type: 'string', describe: 'unset environment variable (repeatable)' })
    .option('0', { type: 'string', describe: 'argv[0] for the program', default: env.QEMU_ARGV0 })
    .option('s', { type: 'string', describe: 'stack size in bytes (k, M, G suffixes)', default: env.QEMU_STACK_SIZE })
    .option('cpu', { type: 'string', describe: "CPU model ('help' lists them)", default: env.QEMU_CPU })
    .option('r', { type: 'string', describe: 'uname release to report', default: env.QEMU_UNAME })
    .option('g', { type: 'string', describe: 'wait for gdb on port', default: env.QEMU_GDB })
    .option('d', { type: 'string', describe: "log items, comma separated ('help' lists them)", default: env.QEMU_LOG })
    .option('D', { type: 'string', describe: 'log file for -d', default: env.QEMU_LOG_FILENAME })
    .option('strace', { type: 'boolean', describe: 'log system calls', default: env.QEMU_STRACE !== undefined })
    .option('seed', { type: 'string', describe: 'seed for the guest random number generator', default: env.QEMU_RAND_SEED })
    .option('regions', { type: 'string', describe: 'region code: wasm (WebAssembly, little-endian guests) or js', default: env.TSEMU_REGIONS ?? 'wasm' })
    .option('tier', { type: 'string', describe: 'JIT tiers: auto (hot code as regions), block (tier 1 only), region (everything as regions)', default: env.TSEMU_TIER ?? 'auto' })
    .option('h', { type: 'boolean', describe: 'print this help' })
    .version(false)
    .help(false)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg || err?.message || 'bad arguments');
    });
  let exitCode = 1;
  try {
    const argv = parser.parseSync();
    stdFlags.forEach((flags, fd) => {
      if (native && flags >= 0) native.fcntl(fd, native.constants.F_SETFL, flags);
    });
    if (argv.h) {
      say(await parser.getHelp());
      process.exit(0);
    }
    if (argv.version) {
      say(`tsemu${fixedArch ? '-' + fixedArch : ''} version ${VERSION}`);
      process.exit(0);
    }
    const items = argv.d ? String(argv.d).split(',').filter(Boolean) : [];
    if (items.includes('help')) {
      say('Log items (comma separated):\n' + Object.entries(LOG_ITEMS).map(([k, v]) => `${k.padEnd(10)} ${v}`).join('\n'));
      process.exit(0);
    }
    for (const i of items) if (!LOG_ITEMS[i]) throw new UsageError(`unknown log item '${i}' (try -d help)`);
    if (argv.cpu === 'help') {
      say(`Available CPUs:\n  ${fixedArch ?? Object.keys(ARCHES).join(', ')} (the default: the full ISA baseline)`);
      process.exit(0);
    }
    if (argv.g !== undefined) throw new UsageError('-g (gdb stub) is not implemented yet');
    const tier = String(argv.tier) as Tier;
    if (!TIERS.includes(tier)) throw new UsageError(`unknown -tier '${tier}' (auto, block or region)`);
    const regions = String(argv.regions) as RegionBackend;
    if (!REGION_BACKENDS.includes(regions)) throw new UsageError(`unknown -regions '${regions}' (wasm or js)`);
    if (argv._.length > 0) throw new UsageError(`unexpected argument '${argv._[0]}'`);
    const rest = guestArgs;
    if (rest.length === 0) throw new UsageError('no program given (try -h)');
    const exePath = rest[0];
    const arch = fixedArch ?? sniffArch(exePath);
    if (!ARCHES[arch]) throw new UsageError(`unknown guest architecture '${arch}'`);

    const sets = [...(env.QEMU_SET_ENV ? env.QEMU_SET_ENV.split(',') : []), ...list(argv.E)];
    const unsets = [...(env.QEMU_UNSET_ENV ? env.QEMU_UNSET_ENV.split(',') : []), ...list(argv.U)];
    const guestEnv = guestEnvironment(env, sets, unsets);
    const log = new Logger(items, argv.D);
    const guestArgv = [argv['0'] !== undefined ? String(argv['0']) : exePath, ...rest.slice(1)];
    exitCode = runGuest({
      arch,
      exePath,
      argv: guestArgv,
      env: guestEnv,
      sysroot: argv.L ? String(argv.L) : undefined,
      stackSize: argv.s ? parseSize(String(argv.s)) : undefined,
      seed: argv.seed !== undefined ? Number(argv.seed) : undefined,
      strace: Boolean(argv.strace) || items.includes('strace'),
      unameRelease: argv.r ? String(argv.r) : undefined,
      log,
      tier,
      regions,
    });
  } catch (e) {
    if (e instanceof UsageError) {
      say(`tsemu: ${e.message}`);
      process.exit(1);
    }
    if (e instanceof ElfError) {
      say(`tsemu: ${e.message}`);
      process.exit(1);
    }
    const err = e as Error;
    say(`tsemu: internal error: ${err?.message ?? String(e)}`);
    if (process.env.TSEMU_DEBUG) say(String(err?.stack));
    process.exit(70);
  }
  process.exit(exitCode);
}
