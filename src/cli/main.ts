// Command line: qemu-user's options and QEMU_* environment variables (DESIGN.md 1), parsed from
// one table. (yargs did this first; loading it took 48 ms of a 170 ms start, and it switched the
// standard streams to O_NONBLOCK.) Errors that are ours are one line on stderr and exit status 1,
// never a stack trace.
import { openSync, readFileSync, readSync, closeSync, writeSync } from 'node:fs';
import { ARCHES, archForMachine } from '../arch/index.ts';
import { ElfError } from '../elf/parse.ts';
import { runGuest } from '../runtime/run.ts';
import { LOG_ITEMS, Logger } from './log.ts';
import { REGION_BACKENDS, type RegionBackend, TIERS, type Tier } from '../jit/translator.ts';

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
  const arch = archForMachine(machine, b[5] !== 2);
  if (!arch) throw new ElfError(`${path}: no tsemu guest for ELF machine ${machine}`);
  return arch;
}

interface OptionSpec {
  /** Takes a value (the next argument, or after `=`). */
  value: boolean;
  /** May be given more than once: every value is kept. */
  repeat?: boolean;
  describe: string;
  /** Environment variable giving the default. */
  env?: string;
}

/** qemu-user's options (one or two leading dashes), and tsemu's own. */
const OPTIONS: Record<string, OptionSpec> = {
  L: { value: true, describe: 'ELF interpreter prefix (sysroot)', env: 'QEMU_LD_PREFIX' },
  E: { value: true, repeat: true, describe: 'set environment variable var=value (repeatable)' },
  U: { value: true, repeat: true, describe: 'unset environment variable (repeatable)' },
  '0': { value: true, describe: 'argv[0] for the program', env: 'QEMU_ARGV0' },
  s: { value: true, describe: 'stack size in bytes (k, M, G suffixes)', env: 'QEMU_STACK_SIZE' },
  cpu: { value: true, describe: "CPU model ('help' lists them)", env: 'QEMU_CPU' },
  r: { value: true, describe: 'uname release to report', env: 'QEMU_UNAME' },
  g: { value: true, describe: 'wait for gdb on port', env: 'QEMU_GDB' },
  d: { value: true, describe: "log items, comma separated ('help' lists them)", env: 'QEMU_LOG' },
  D: { value: true, describe: 'log file for -d', env: 'QEMU_LOG_FILENAME' },
  strace: { value: false, describe: 'log system calls', env: 'QEMU_STRACE' },
  seed: { value: true, describe: 'seed for the guest random number generator', env: 'QEMU_RAND_SEED' },
  tier: { value: true, describe: 'JIT tiers: auto (hot code as regions), block (tier 1 only), region (everything as regions)', env: 'TSEMU_TIER' },
  regions: { value: true, describe: 'region code: wasm (WebAssembly, little-endian guests) or js', env: 'TSEMU_REGIONS' },
  'fork-state': { value: true, describe: 'internal: a parent tsemu passes a forked or exec\'d process in this fd' },
  h: { value: false, describe: 'print this help' },
  version: { value: false, describe: 'print the version' },
};

interface ParsedArgs {
  /** Value options: the last value given (repeatable ones: all, in order). */
  values: Map<string, string[]>;
  flags: Set<string>;
  /** The program and its arguments. */
  rest: string[];
}

/** Options up to the first argument that is not one (or `--`); the rest is the guest's. */
function parseArgs(args: string[]): ParsedArgs {
  const out: ParsedArgs = { values: new Map(), flags: new Set(), rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return { ...out, rest: args.slice(i + 1) };
    if (!a.startsWith('-') || a === '-') return { ...out, rest: args.slice(i) };
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const spec = OPTIONS[name];
    if (!spec) throw new UsageError(`unknown option '${a}' (try -h)`);
    if (!spec.value) {
      if (eq >= 0) throw new UsageError(`option -${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    let v: string;
    if (eq >= 0) v = body.slice(eq + 1);
    else if (i + 1 < args.length) v = args[++i];
    else throw new UsageError(`option -${name} needs a value`);
    out.values.set(name, spec.repeat ? [...(out.values.get(name) ?? []), v] : [v]);
  }
  return out;
}

function helpText(name: string): string {
  const rows = Object.entries(OPTIONS).map(([k, o]) => [`-${k}${o.value ? ' <value>' : ''}`, o.describe + (o.env ? ` [env ${o.env}]` : '')]);
  const w = Math.max(...rows.map(([l]) => l.length));
  return [`usage: ${name} [options] program [arguments...]`, 'Linux user-mode binary translator', '', ...rows.map(([l, d]) => `  ${l.padEnd(w)}  ${d}`)].join('\n');
}

/**
 * The guest environment as qemu-user builds it: each host variable is pushed on the front of a
 * list (so the guest sees them in reverse order), -E pushes (replacing), -U removes.
 */
// The guest's argv and environment are byte strings (one char per byte, 'latin1'): Node decodes
// its own argv and environment as UTF-8 and loses bytes that are not, so they are read raw from
// /proc/self/cmdline and /proc/self/environ when those agree with what Node decoded.

/** A UTF-8 string as a byte string. */
const bytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
/** A byte string as Node would decode it (for comparing with process.argv / process.env). */
const decoded = (b: string): string => Buffer.from(b, 'latin1').toString('utf8');

/** NUL-separated entries of a /proc/self file as byte strings, or undefined. */
function procEntries(name: string): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/self/${name}`).toString('latin1');
    return raw.endsWith('\0') ? raw.slice(0, -1).split('\0') : raw.split('\0');
  } catch {
    return undefined;
  }
}

/** The last `args.length` command-line arguments byte-exact (args as Node decoded them). */
function rawArgs(args: string[]): string[] {
  const raw = procEntries('cmdline');
  if (raw && raw.length >= args.length) {
    const tail = raw.slice(raw.length - args.length);
    if (tail.every((b, i) => decoded(b) === args[i])) return tail;
  }
  return args.map(bytes);
}

/** The host environment as [name, value] byte strings, byte-exact when /proc agrees with Node. */
function rawEnvironment(host: NodeJS.ProcessEnv): [string, string][] {
  const fromNode = Object.entries(host).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, v]]));
  const raw = procEntries('environ');
  if (raw && host === process.env) {
    const pairs = raw.filter((e) => e.includes('=')).map((e): [string, string] => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]);
    const same = pairs.length === fromNode.length && pairs.every(([k, v]) => host[decoded(k)] === decoded(v));
    if (same) return pairs;
  }
  return fromNode.map(([k, v]) => [bytes(k), bytes(v)]);
}

function guestEnvironment(host: NodeJS.ProcessEnv, sets: string[], unsets: string[]): string[] {
  let list: [string, string][] = [];
  const put = (k: string, v: string) => {
    list = list.filter(([n]) => n !== k);
    list.unshift([k, v]);
  };
  for (const [k, v] of rawEnvironment(host)) put(k, v);
  for (const s of sets.map(bytes)) {
    const eq = s.indexOf('=');
    if (eq < 0) throw new UsageError(`-E needs var=value, got '${decoded(s)}'`);
    put(s.slice(0, eq), s.slice(eq + 1));
  }
  const drop = new Set(unsets.map(bytes));
  return list.filter(([k]) => !drop.has(k)).map(([k, v]) => `${k}=${v}`);
}

export async function main(args: string[], fixedArch?: string): Promise<void> {
  const env = process.env;
  const name = fixedArch ? `tsemu-${fixedArch}` : 'tsemu';
  let exitCode = 1;
  try {
    const parsed = parseArgs(args);
    /** An option's value, else its environment default. */
    const opt = (k: string): string | undefined => {
      const v = parsed.values.get(k);
      if (v) return v[v.length - 1];
      const e = OPTIONS[k].env;
      return e === undefined ? undefined : env[e];
    };
    if (parsed.flags.has('version')) {
      say(`${name} version ${VERSION}`);
      process.exit(0);
    }
    if (parsed.flags.has('h')) {
      say(helpText(name));
      process.exit(0);
    }
    const d = opt('d');
    const items = d ? d.split(',').filter(Boolean) : [];
    if (items.includes('help')) {
      say('Log items (comma separated):\n' + Object.entries(LOG_ITEMS).map(([k, v]) => `${k.padEnd(10)} ${v}`).join('\n'));
      process.exit(0);
    }
    for (const i of items) if (!LOG_ITEMS[i]) throw new UsageError(`unknown log item '${i}' (try -d help)`);
    if (opt('cpu') === 'help') {
      say(`Available CPUs:\n  ${fixedArch ?? Object.keys(ARCHES).join(', ')} (the default: the full ISA baseline)`);
      process.exit(0);
    }
    if (opt('g') !== undefined) throw new UsageError('-g (gdb stub) is not implemented yet');
    const tier = (opt('tier') ?? 'auto') as Tier;
    if (!TIERS.includes(tier)) throw new UsageError(`unknown -tier '${tier}' (auto, block or region)`);
    const regions = (opt('regions') ?? 'wasm') as RegionBackend;
    if (!REGION_BACKENDS.includes(regions)) throw new UsageError(`unknown -regions '${regions}' (wasm or js)`);
    const rest = parsed.rest;
    if (rest.length === 0) throw new UsageError('no program given (try -h)');
    const exePath = rest[0];
    const arch = fixedArch ?? sniffArch(exePath);
    if (!ARCHES[arch]) throw new UsageError(`unknown guest architecture '${arch}'`);

    const sets = [...(env.QEMU_SET_ENV ? env.QEMU_SET_ENV.split(',') : []), ...(parsed.values.get('E') ?? [])];
    const unsets = [...(env.QEMU_UNSET_ENV ? env.QEMU_UNSET_ENV.split(',') : []), ...(parsed.values.get('U') ?? [])];
    const guestEnv = guestEnvironment(env, sets, unsets);
    const log = new Logger(items, opt('D'), opt('fork-state') !== undefined);
    const argv0 = opt('0');
    const rawRest = rawArgs(rest);
    const guestArgv = [argv0 !== undefined ? bytes(argv0) : rawRest[0], ...rawRest.slice(1)];
    exitCode = runGuest({
      arch,
      exePath,
      argv: guestArgv,
      env: guestEnv,
      sysroot: opt('L') || undefined,
      stackSize: opt('s') ? parseSize(opt('s')!) : undefined,
      seed: opt('seed') !== undefined ? Number(opt('seed')) : undefined,
      strace: parsed.flags.has('strace') || env.QEMU_STRACE !== undefined || items.includes('strace'),
      unameRelease: opt('r') || undefined,
      log,
      tier,
      regions,
      forkStateFd: opt('fork-state') !== undefined ? Number(opt('fork-state')) : undefined,
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
