#!/usr/bin/env node
// Generates syscalls/tables/*.ts (per-arch syscall numbers, per-family errno and signal numbers)
// from the Linux UAPI headers that Debian's cross toolchains install (DESIGN.md 5).
//
// For every arch whose cross compiler is installed, the cross preprocessor is run on the header with
// `-dM -E` (so every #if resolves exactly as for that ABI; MIPS is pinned to o32 with -mabi=32) to list
// the macros, then once more with plain `-E` to expand each macro to an arithmetic expression, which
// is evaluated here. Output is sorted and carries no timestamps, so re-running gives identical files.
//
// Usage: node scripts/gen-syscall-tables.mjs [--out DIR] [--check] [--arch a,b] [--quiet]
//   --out DIR   write into DIR instead of syscalls/tables (used by the regeneration test)
//   --check     write nothing; exit 1 if any file that can be generated differs from the committed one
//   --arch      restrict to the named arches (riscv64, arm, aarch64, mips, mipsel)
// Arches without a compiler are skipped with a note; their committed files are left alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The guest ABIs, in output order. `family` groups arches whose errno/signal numbers are equal.
 * `table` names the arch whose file holds this one's syscalls when they are the same (o32 numbers
 * do not depend on endianness): they are checked equal, and no second file is written.
 */
const ARCHES = [
  { arch: 'riscv64', triple: 'riscv64-linux-gnu', flags: [], family: 'generic' },
  { arch: 'aarch64', triple: 'aarch64-linux-gnu', flags: [], family: 'generic' },
  { arch: 'arm', triple: 'arm-linux-gnueabihf', flags: [], family: 'generic' },
  { arch: 'mips', triple: 'mips-linux-gnu', flags: ['-mabi=32'], family: 'mips' },
  { arch: 'mipsel', triple: 'mipsel-linux-gnu', flags: ['-mabi=32'], family: 'mips', table: 'mips' },
];

// Macros with the __NR_ prefix that are not syscalls (bases, counts, masks).
const NOT_SYSCALLS = new Set(['syscalls', 'arch_specific_syscall']);
// When several names share a number, these win (the names the kernel and strace use);
// otherwise a name defined by a literal beats an alias, then the alphabetically first.
const PREFERRED = new Set(['EAGAIN', 'EDEADLK', 'SIGABRT', 'SIGCHLD', 'SIGIO', 'SIGSYS']);
// Signal-like names that are not signals: stack sizes, and ARM's legacy SIGSWI (uapi-only, = SIGRTMIN).
const NOT_SIGNALS = new Set(['SIGSTKSZ', 'SIGSWI', 'SIGRTMAX']);

function compilerOf(a) {
  return `${a.triple}-gcc`;
}

function haveCompiler(a) {
  try {
    execFileSync(compilerOf(a), ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function cpp(a, args, input) {
  return execFileSync(compilerOf(a), [...a.flags, ...args, '-'], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** All macros a header defines (beyond the compiler's predefined ones): name -> body. */
function headerMacros(a, header) {
  const parse = (text) => {
    const m = new Map();
    for (const line of text.split('\n')) {
      const r = /^#define\s+([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?\s*(.*)$/.exec(line);
      if (r && !r[2]) m.set(r[1], r[3].trim());
    }
    return m;
  };
  const predefined = parse(cpp(a, ['-dM', '-E'], ''));
  const all = parse(cpp(a, ['-dM', '-E'], `#include <${header}>\n`));
  for (const k of predefined.keys()) all.delete(k);
  return all;
}

/** Expands each named macro with the cross preprocessor and evaluates it; unevaluable ones are dropped. */
function evaluate(a, header, names) {
  const src = [`#include <${header}>`, ...names.map((n, i) => `@@tsemu ${i} = ${n} @@`)].join('\n') + '\n';
  const out = cpp(a, ['-E', '-P'], src);
  const values = new Map();
  for (const line of out.split('\n')) {
    const r = /^@@tsemu (\d+) = (.*) @@$/.exec(line.trim());
    if (!r) continue;
    const v = evalExpr(r[2]);
    if (v !== undefined) values.set(names[Number(r[1])], v);
  }
  return values;
}

/** A tiny evaluator for integer constant expressions: literals, ( ), unary + - ~, * / % + - << >> & ^ |. */
function evalExpr(text) {
  const toks = text.match(/0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|<<|>>|[-+*/%&|^~()]|\S/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const fail = () => {
    throw new Error('not an integer constant');
  };
  const primary = () => {
    const t = toks[i++];
    if (t === undefined) fail();
    if (t === '(') {
      const v = binary(0);
      if (toks[i++] !== ')') fail();
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '~') return ~primary();
    if (/^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.test(t)) {
      const s = t.replace(/[uUlL]+$/, '');
      return /^0[0-7]+$/.test(s) ? parseInt(s, 8) : Number(s);
    }
    return fail();
  };
  const PREC = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };
  const apply = (op, x, y) => {
    switch (op) {
      case '|': return x | y;
      case '^': return x ^ y;
      case '&': return x & y;
      case '<<': return x * 2 ** y;
      case '>>': return Math.floor(x / 2 ** y);
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': return y === 0 ? fail() : Math.trunc(x / y);
      default: return y === 0 ? fail() : x % y;
    }
  };
  const binary = (minPrec) => {
    let lhs = primary();
    for (;;) {
      const op = peek();
      const p = PREC[op];
      if (p === undefined || p <= minPrec) return lhs;
      i++;
      lhs = apply(op, lhs, binary(p));
    }
  };
  try {
    const v = binary(0);
    if (i !== toks.length || !Number.isSafeInteger(v)) return undefined;
    return v;
  } catch {
    return undefined;
  }
}

/** name -> value plus the reverse map, choosing one canonical name per value. */
function tableOf(values, bodies, isLiteral = (b) => /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.test(b ?? '')) {
  const byName = new Map([...values].sort((x, y) => cmp(x[0], y[0])));
  const byNumber = new Map();
  for (const [name, v] of byName) {
    const cur = byNumber.get(v);
    if (cur === undefined || better(name, cur)) byNumber.set(v, name);
  }
  function better(n, cur) {
    const rank = (x) => (PREFERRED.has(x) ? 0 : isLiteral(bodies.get(x)) ? 1 : 2);
    return rank(n) !== rank(cur) ? rank(n) < rank(cur) : cmp(n, cur) < 0;
  }
  return { byName, byNumber: new Map([...byNumber].sort((x, y) => x[0] - y[0])) };
}

const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);

function syscallsOf(a) {
  const macros = headerMacros(a, 'asm/unistd.h');
  const names = [];
  const rename = new Map(); // macro -> syscall name
  for (const m of macros.keys()) {
    let r = /^__NR_(.+)$/.exec(m);
    // ARM private syscalls (__ARM_NR_cacheflush, set_tls, ...): named as the kernel and strace name them.
    r ??= /^__ARM_NR_(.+)$/.exec(m);
    if (!r || NOT_SYSCALLS.has(r[1]) || /^[A-Z]/.test(r[1])) continue;
    names.push(m);
    rename.set(m, r[1]);
  }
  names.sort(cmp);
  const raw = evaluate(a, 'asm/unistd.h', names);
  const values = new Map();
  const bodies = new Map();
  for (const [m, v] of raw) {
    const n = rename.get(m);
    if (values.has(n)) throw new Error(`${a.arch}: syscall name ${n} defined twice`);
    values.set(n, v);
    // An alias is a macro whose body is just another __NR_ name.
    bodies.set(n, /^__(ARM_)?NR_\w+$/.test(macros.get(m)) ? 'alias' : '0');
  }
  if (values.size < 250) throw new Error(`${a.arch}: only ${values.size} syscalls found; wrong headers?`);
  return tableOf(values, bodies);
}

function errnoOf(a) {
  const macros = headerMacros(a, 'asm/errno.h');
  const names = [...macros.keys()].filter((n) => /^E[A-Z0-9]+$/.test(n)).sort(cmp);
  return tableOf(evaluate(a, 'asm/errno.h', names), macros);
}

function signalsOf(a) {
  const macros = headerMacros(a, 'asm/signal.h');
  const sigNames = [...macros.keys()].filter((n) => /^SIG[A-Z0-9]+$/.test(n) && !NOT_SIGNALS.has(n)).sort(cmp);
  const constNames = [...macros.keys()]
    .filter((n) => /^(SA_\w+|SS_\w+|SIG_(BLOCK|UNBLOCK|SETMASK)|MINSIGSTKSZ|SIGSTKSZ)$/.test(n))
    .sort(cmp);
  const values = evaluate(a, 'asm/signal.h', [...sigNames, ...constNames, '_NSIG']);
  const sig = new Map(sigNames.filter((n) => values.has(n)).map((n) => [n, values.get(n)]));
  const nsig = values.get('_NSIG');
  // SIGRTMAX is _NSIG in the kernel; ARM's uapi header leaves _NSIG to the kernel, so it may be absent.
  if (nsig !== undefined) sig.set('SIGRTMAX', nsig);
  const constants = new Map(constNames.filter((n) => values.has(n)).map((n) => [n, values.get(n)]));
  return { signals: tableOf(sig, macros), nsig, constants };
}

function headerVersion(a) {
  const m = headerMacros(a, 'linux/version.h');
  const v = [m.get('LINUX_VERSION_MAJOR'), m.get('LINUX_VERSION_PATCHLEVEL'), m.get('LINUX_VERSION_SUBLEVEL')];
  return v.every((x) => x !== undefined) ? v.join('.') : `code ${m.get('LINUX_VERSION_CODE') ?? 'unknown'}`;
}

// ---- emitting TypeScript ----

const q = (s) => `'${s}'`;
const key = (s) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : q(s));
const hex = (n) => (n >= 0x10000 ? `0x${n.toString(16)}` : String(n));

function record(type, entries, fmtKey, fmtVal) {
  const lines = entries.map(([k, v]) => `  ${fmtKey(k)}: ${fmtVal(v)},`);
  return `: ${type} = {\n${lines.join('\n')}\n};\n`;
}

function header(what, cmdLine, version) {
  return [
    `// Generated by scripts/gen-syscall-tables.mjs from ${what}. Do not edit.`,
    `// Command: ${cmdLine}`,
    `// Linux UAPI headers ${version}.`,
    `// Regenerate: node scripts/gen-syscall-tables.mjs`,
    '',
  ].join('\n');
}

const cmdOf = (a, h) => `echo '#include <${h}>' | ${[compilerOf(a), ...a.flags].join(' ')} -dM -E -`;
// Family files name every member, installed or not, so any subset of compilers writes the same text.
const famCmdOf = (fam, h) =>
  `echo '#include <${h}>' | CC -dM -E -, CC = ` +
  ARCHES.filter((x) => x.family === fam).map((x) => [compilerOf(x), ...x.flags].join(' ')).join(' | ');

function emitArch(a, sys, sig, version) {
  let s = header('<asm/unistd.h> and <asm/signal.h>', cmdOf(a, 'asm/unistd.h'), version);
  s += `\n/** Syscall number -> name (without __NR_; one canonical name per number). */\n`;
  s += `export const syscallNames` + record('Record<number, string>', [...sys.byNumber], hex, q);
  s += `\n/** Syscall name -> number, every name the header defines, aliases included. */\n`;
  s += `export const syscallNumbers` + record('Record<string, number>', [...sys.byName], key, hex);
  s += `\n/** sigaction flags, sigprocmask 'how' values, sigaltstack sizes and flags from <asm/signal.h>. */\n`;
  s += `export const signalConstants` + record('Record<string, number>', [...sig.constants], key, hex);
  return s;
}

function emitErrno(fam, errno, version) {
  let s = header('<asm/errno.h>', famCmdOf(fam, 'asm/errno.h'), version);
  s += `// Family '${fam}': ${ARCHES.filter((x) => x.family === fam).map((x) => x.arch).join(', ')}.\n`;
  s += `\n/** errno number -> name (one canonical name per number). */\n`;
  s += `export const errnoNames` + record('Record<number, string>', [...errno.byNumber], String, q);
  s += `\n/** errno name -> number, aliases included. */\n`;
  s += `export const errnoNumbers` + record('Record<string, number>', [...errno.byName], key, String);
  return s;
}

function emitSignals(fam, sig, version) {
  let s = header('<asm/signal.h>', famCmdOf(fam, 'asm/signal.h'), version);
  s += `// Family '${fam}': ${ARCHES.filter((x) => x.family === fam).map((x) => x.arch).join(', ')}.\n`;
  s += `\n/** _NSIG: signals are 1 .. NSIG; SIGRTMAX = NSIG. */\n`;
  s += `export const NSIG = ${sig.nsig};\n`;
  s += `\n/** Signal number -> name (one canonical name per number). */\n`;
  s += `export const signalNames` + record('Record<number, string>', [...sig.signals.byNumber], String, q);
  s += `\n/** Signal name -> number, aliases included. */\n`;
  s += `export const signalNumbers` + record('Record<string, number>', [...sig.signals.byName], key, String);
  return s;
}

// ---- family consistency ----

function sameMap(x, y) {
  return x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);
}

/** Merges the signal tables of one family's arches, failing if any two disagree. */
function mergeSignals(fam, list) {
  let nsig;
  for (const { a, sig } of list) {
    if (sig.nsig === undefined) continue;
    if (nsig !== undefined && nsig !== sig.nsig) throw new Error(`${fam}: _NSIG differs at ${a.arch}`);
    nsig = sig.nsig;
  }
  if (nsig === undefined) return undefined;
  const values = new Map();
  for (const { a, sig } of list) {
    for (const [n, v] of sig.signals.byName) {
      if (values.has(n) && values.get(n) !== v) throw new Error(`${fam}: ${n} differs at ${a.arch}`);
      values.set(n, v);
    }
  }
  values.set('SIGRTMAX', nsig);
  const names = new Set(list.flatMap(({ sig }) => [...sig.signals.byName.keys()]));
  for (const { a, sig } of list) {
    for (const n of names) {
      if (n !== 'SIGRTMAX' && !sig.signals.byName.has(n)) throw new Error(`${fam}: ${a.arch} lacks ${n}`);
    }
  }
  // Literal-vs-alias ranking needs bodies; aliases were already resolved, so rank by PREFERRED + name.
  return { nsig, signals: tableOf(values, new Map(), () => true) };
}

// ---- main ----

function main(argv) {
  let out = join(root, 'syscalls', 'tables');
  let check = false;
  let quiet = false;
  let only;
  for (let i = 0; i < argv.length; i++) {
    const o = argv[i];
    if (o === '--out') out = resolve(argv[++i]);
    else if (o === '--check') check = true;
    else if (o === '--quiet') quiet = true;
    else if (o === '--arch') only = new Set(argv[++i].split(','));
    else {
      console.error(`gen-syscall-tables: unknown option ${o}`);
      process.exit(2);
    }
  }
  const log = (m) => quiet || console.log(m);
  const files = new Map(); // file name -> contents
  const families = new Map(); // family -> [{a, errno, sig, version}]
  const syscallTexts = new Map(); // file name -> {sys, sig} it was made from
  for (const a of ARCHES) {
    if (only && !only.has(a.arch)) continue;
    if (!haveCompiler(a)) {
      log(`skip ${a.arch}: ${compilerOf(a)} not installed`);
      continue;
    }
    const version = headerVersion(a);
    const sys = syscallsOf(a);
    const sig = signalsOf(a);
    const errno = errnoOf(a);
    const file = `${a.table ?? a.arch}.ts`;
    if (a.table && syscallTexts.has(file)) {
      const same = syscallTexts.get(file);
      if (!sameMap(same.sys.byName, sys.byName) || !sameMap(same.sig.constants, sig.constants)) throw new Error(`${a.arch}: syscalls differ from ${a.table}`);
    } else {
      files.set(file, emitArch(a, sys, sig, version));
      syscallTexts.set(file, { sys, sig });
    }
    if (!families.has(a.family)) families.set(a.family, []);
    families.get(a.family).push({ a, errno, sig, version });
    log(`${a.arch}: ${sys.byName.size} syscall names, ${sig.constants.size} signal constants (Linux ${version})`);
  }
  for (const [fam, list] of families) {
    const first = list[0];
    for (const m of list.slice(1)) {
      if (!sameMap(m.errno.byName, first.errno.byName)) throw new Error(`${fam}: errno differs at ${m.a.arch}`);
      if (m.version !== first.version) throw new Error(`${fam}: header versions differ at ${m.a.arch}`);
    }
    files.set(`errno-${fam}.ts`, emitErrno(fam, first.errno, first.version));
    const merged = mergeSignals(fam, list);
    if (merged) files.set(`signal-${fam}.ts`, emitSignals(fam, merged, first.version));
    else log(`skip signal-${fam}.ts: no installed member defines _NSIG`);
  }
  let differ = 0;
  if (!check) mkdirSync(out, { recursive: true });
  for (const [name, text] of [...files].sort((x, y) => cmp(x[0], y[0]))) {
    const path = join(out, name);
    const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (check) {
      if (old !== text) {
        differ++;
        console.error(`differs: ${path}`);
      }
    } else if (old !== text) {
      writeFileSync(path, text);
      log(`wrote ${path}`);
    } else log(`unchanged ${path}`);
  }
  if (check && differ) process.exit(1);
  if (check) log(`${files.size} files up to date`);
}

main(process.argv.slice(2));
