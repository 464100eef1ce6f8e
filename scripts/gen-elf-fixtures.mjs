#!/usr/bin/env node
// Builds the ELF parser fixtures of test/elf-parse.test.ts: runs the host's binutils `readelf`
// (it reads every arch) on many ELF files and stores what it shows as JSON, so the test compares
// src/elf/parse.ts against readelf without needing readelf itself.
//
//   node scripts/gen-elf-fixtures.mjs
//
// Files: the committed riscv64 guest binaries (test-binaries/riscv64, bench/bin/riscv64), a few host
// binaries, the riscv64 ld.so and libc from /usr/riscv64-linux-gnu/lib, and test/fixtures/elf/tiny.c
// cross-built to .o, executable and shared object for every installed cross compiler (32/64-bit,
// little/big-endian), plus variants without section headers. Small files not committed elsewhere are
// copied to test/fixtures/elf/bin/; the rest are referenced by path and checked by SHA-256.
//
// Output: test/fixtures/elf/index.json (one row per file) and test/fixtures/elf/<id>.json.gz
// (gzip keeps the symbol tables of the static binaries small).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test/fixtures/elf');
const binDir = join(outDir, 'bin');
/** Host files larger than this are not copied; their fixture refers to the original path. */
const MAX_COPY = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// readelf output -> numbers

const MACHINES = {
  'RISC-V': 243, AArch64: 183, ARM: 40, 'MIPS R3000': 8, 'Advanced Micro Devices X86-64': 62, 'Intel 80386': 3,
};
const ETYPES = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4 };
const PT_COMMON = {
  NULL: 0, LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, SHLIB: 5, PHDR: 6, TLS: 7,
  GNU_EH_FRAME: 0x6474e550, GNU_STACK: 0x6474e551, GNU_RELRO: 0x6474e552, GNU_PROPERTY: 0x6474e553, GNU_SFRAME: 0x6474e554,
};
/** Processor-specific program header names as readelf prints them (truncated to 14 characters). */
const PT_PROC = {
  243: { RISCV_ATTRIBUT: 0x70000003, RISCV_ATTRIBUTES: 0x70000003 },
  40: { EXIDX: 0x70000001 },
  183: { AARCH64_MEMTAG_MTE: 0x70000002, AARCH64_MEMTAG_: 0x70000002 },
  8: { REGINFO: 0x70000000, RTPROC: 0x70000001, OPTIONS: 0x70000002, ABIFLAGS: 0x70000003 },
  62: {},
  3: {},
};
const SHT = {
  NULL: 0, PROGBITS: 1, SYMTAB: 2, STRTAB: 3, RELA: 4, HASH: 5, DYNAMIC: 6, NOTE: 7, NOBITS: 8, REL: 9, SHLIB: 10,
  DYNSYM: 11, INIT_ARRAY: 14, FINI_ARRAY: 15, PREINIT_ARRAY: 16, GROUP: 17, SYMTAB_SHNDX: 18, RELR: 19,
  GNU_ATTRIBUTES: 0x6ffffff5, GNU_HASH: 0x6ffffff6, GNU_LIBLIST: 0x6ffffff7, VERDEF: 0x6ffffffd, VERNEED: 0x6ffffffe,
  VERSYM: 0x6fffffff, LLVM_ADDRSIG: 0x6fff4c03,
};
const SHT_PROC = {
  243: { RISCV_ATTRIBUTES: 0x70000003 },
  40: { ARM_EXIDX: 0x70000001, ARM_PREEMPTMAP: 0x70000002, ARM_ATTRIBUTES: 0x70000003 },
  183: { AARCH64_ATTRIBUTES: 0x70000003 },
  8: { MIPS_REGINFO: 0x70000006, MIPS_OPTIONS: 0x7000000d, MIPS_DWARF: 0x7000001e, MIPS_ABIFLAGS: 0x7000002a },
  62: { X86_64_UNWIND: 0x70000001 },
  3: {},
};
const STT = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3, FILE: 4, COMMON: 5, TLS: 6, IFUNC: 10 };
const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2, UNIQUE: 10 };
const SHN = { UND: 0, ABS: 0xfff1, COM: 0xfff2 };
const SHN_MIPS = { ACOM: 0xff00, TCOM: 0xff01, DCOM: 0xff01, SCOM: 0xff03, SUND: 0xff04 };
const DF = { ORIGIN: 1, SYMBOLIC: 2, TEXTREL: 4, BIND_NOW: 8, STATIC_TLS: 0x10 };
const DF_1 = {
  NOW: 1, GLOBAL: 2, GROUP: 4, NODELETE: 8, LOADFLTR: 0x10, INITFIRST: 0x20, NOOPEN: 0x40, ORIGIN: 0x80, DIRECT: 0x100,
  TRANS: 0x200, INTERPOSE: 0x400, NODEFLIB: 0x800, NODUMP: 0x1000, CONFALT: 0x2000, ENDFILTEE: 0x4000,
  DISPRELDNE: 0x8000, DISPRELPND: 0x10000, NODIRECT: 0x20000, IGNMULDEF: 0x40000, NOKSYMS: 0x80000, NOHDR: 0x100000,
  EDITED: 0x200000, NORELOC: 0x400000, SYMINTPOSE: 0x800000, GLOBAUDIT: 0x1000000, SINGLETON: 0x2000000, STUB: 0x4000000,
  PIE: 0x8000000,
};
const RHF = { NONE: 0, QUICKSTART: 1, NOTPOT: 2, NO_LIBRARY_REPLACEMENT: 4, NO_MOVE: 8, SGI_ONLY: 0x10 };

/** A number from readelf: 0x-hex, bare hex (`hex` true) or decimal; JS number when exact, else a string. */
function num(s, hex = false) {
  const v = s.startsWith('0x') ? BigInt(s) : hex ? BigInt('0x' + s) : BigInt(s);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : '0x' + v.toString(16);
}

function fail(file, msg) {
  throw new Error(`${file}: ${msg}`);
}

function parseReadelf(file, text, details) {
  const lines = text.split('\n');
  const header = {};
  const field = (name) => {
    const l = lines.find((x) => x.startsWith(`  ${name}:`));
    if (!l) fail(file, `no header field ${name}`);
    return l.slice(l.indexOf(':') + 1).trim();
  };
  const magic = field('Magic').split(/\s+/).map((b) => parseInt(b, 16));
  header.class = magic[4] === 2 ? 64 : 32;
  header.data = magic[5] === 1 ? 'le' : 'be';
  header.osabi = magic[7];
  header.abiVersion = magic[8];
  const type = field('Type').split(' ')[0];
  if (!(type in ETYPES)) fail(file, `unknown type ${type}`);
  header.type = ETYPES[type];
  const mach = field('Machine');
  if (!(mach in MACHINES)) fail(file, `unknown machine ${mach}`);
  header.machine = MACHINES[mach];
  header.entry = num(field('Entry point address'));
  header.phoff = num(field('Start of program headers').split(' ')[0]);
  header.shoff = num(field('Start of section headers').split(' ')[0]);
  header.flags = num(field('Flags').split(',')[0]);
  header.ehsize = num(field('Size of this header').split(' ')[0]);
  header.phentsize = num(field('Size of program headers').split(' ')[0]);
  header.phnum = num(field('Number of program headers').split(' ')[0]);
  header.shentsize = num(field('Size of section headers').split(' ')[0]);
  header.shnum = num(field('Number of section headers').split(' ')[0]);
  header.shstrndx = num(field('Section header string table index').split(' ')[0]);
  {
    // "Version:" occurs twice ("1 (current)" from e_ident, then e_version as hex)
    const v = lines.filter((x) => x.startsWith('  Version:'));
    header.version = num(v[1].slice(v[1].indexOf(':') + 1).trim());
  }
  const machine = header.machine;

  // Program headers
  const programHeaders = [];
  let interpreter = null;
  let i = lines.findIndex((l) => l.startsWith('Program Headers:'));
  if (i >= 0) {
    for (i += 2; i < lines.length && lines[i].trim() !== ''; i++) {
      const l = lines[i];
      const m = /^\s+\[Requesting program interpreter: (.*)\]$/.exec(l);
      if (m) {
        interpreter = m[1];
        continue;
      }
      const p = /^  (.+?)\s+(0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (.{3}) (0x[0-9a-f]+)$/.exec(l);
      if (!p) fail(file, `bad program header line: ${l}`);
      const name = p[1];
      let t = PT_COMMON[name] ?? PT_PROC[machine][name];
      let q;
      if (t === undefined && (q = /^LOPROC\+0x([0-9a-f]+)$/.exec(name))) t = 0x70000000 + parseInt(q[1], 16);
      if (t === undefined && (q = /^LOOS\+0x([0-9a-f]+)$/.exec(name))) t = 0x60000000 + parseInt(q[1], 16);
      if (t === undefined) fail(file, `unknown program header type ${name}`);
      const f = p[7];
      const flags = (f[0] === 'R' ? 4 : 0) | (f[1] === 'W' ? 2 : 0) | (f[2] === 'E' ? 1 : 0);
      programHeaders.push([t, num(p[2]), num(p[3]), num(p[4]), num(p[5]), num(p[6]), flags, num(p[8])]);
    }
  }
  if (programHeaders.length !== header.phnum) fail(file, `read ${programHeaders.length} program headers of ${header.phnum}`);

  // Section headers, from `readelf -S -t -W` (exact flags in hex)
  const sections = [];
  const dl = details.split('\n');
  for (let j = 0; j < dl.length; j++) {
    const m = /^  \[\s*(\d+)\] (.*)$/.exec(dl[j]);
    if (!m) continue;
    const name = m[2];
    const row = /^       (\S+)\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(dl[j + 1]);
    const fl = /^       \[([0-9a-f]+)\]: /.exec(dl[j + 2]);
    if (!row || !fl) fail(file, `bad section lines: ${dl[j + 1]} / ${dl[j + 2]}`);
    let t = SHT[row[1]] ?? SHT_PROC[machine][row[1]];
    let q;
    if (t === undefined && (q = /^LOPROC\+0x([0-9a-f]+)$/.exec(row[1]))) t = 0x70000000 + parseInt(q[1], 16);
    if (t === undefined && (q = /^LOOS\+0x([0-9a-f]+)$/.exec(row[1]))) t = 0x60000000 + parseInt(q[1], 16);
    if (t === undefined) fail(file, `unknown section type ${row[1]}`);
    // name, type, addr, offset, size, entsize, flags, link, info, align
    sections.push([name, t, num(row[2], true), num(row[3], true), num(row[4], true), num(row[5], true), num(fl[1], true), num(row[6]), num(row[7]), num(row[8])]);
    j += 2;
  }
  if (sections.length !== (header.shoff ? header.shnum : 0)) fail(file, `read ${sections.length} sections of ${header.shnum}`);

  // Symbol tables shown for sections (not the "for image" table readelf builds from PT_DYNAMIC)
  const symtabs = {};
  for (let j = 0; j < lines.length; j++) {
    const m = /^Symbol table '([^']+)' contains (\d+) entr/.exec(lines[j]);
    if (!m) continue;
    const name = m[1];
    const count = Number(m[2]);
    const rows = [];
    for (j += 2; j < lines.length && /^\s+\d+:/.test(lines[j]); j++) {
      const s = /^\s*(\d+): ([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+\[[^\]]*\])?\s+(\S+)(?: (.*))?$/.exec(lines[j]);
      if (!s) fail(file, `bad symbol line: ${lines[j]}`);
      const type = STT[s[4]];
      const bind = STB[s[5]];
      if (type === undefined || bind === undefined) fail(file, `unknown symbol type/bind: ${lines[j]}`);
      let ndx = SHN[s[7]] ?? (machine === 8 ? SHN_MIPS[s[7]] : undefined);
      if (ndx === undefined && /^\d+$/.test(s[7])) ndx = Number(s[7]);
      if (ndx === undefined) fail(file, `unknown symbol section index: ${lines[j]}`);
      // name, value, size, info (bind << 4 | type), shndx
      rows.push([s[8] ?? '', num(s[2], true), num(s[3]), (bind << 4) | type, ndx]);
    }
    j--;
    if (rows.length !== count) fail(file, `read ${rows.length} symbols of ${count} in ${name}`);
    if (!(name in symtabs)) symtabs[name] = rows;
  }
  const symtabSection = sections.find((s) => s[1] === SHT.SYMTAB);
  const dynsymSection = sections.find((s) => s[1] === SHT.DYNSYM);
  const hasVersions = sections.some((s) => s[1] === SHT.VERSYM);
  const symtab = symtabSection ? symtabs[symtabSection[0]] ?? fail(file, 'no .symtab listing') : null;
  let dynsym = dynsymSection ? symtabs[dynsymSection[0]] ?? fail(file, 'no .dynsym listing') : null;
  // readelf appends symbol versions to .dynsym names: "puts@GLIBC_2.27 (3)", "foo@@VER"
  if (dynsym && hasVersions) dynsym = dynsym.map(([n, ...rest]) => [n.replace(/@@?[^@ ]+( \(\d+\))?$/, ''), ...rest]);

  // Dynamic section: [tag, value or null when readelf shows it symbolically, string for NEEDED...]
  let dynamic = null;
  const di = lines.findIndex((l) => /^Dynamic section at offset/.test(l));
  if (di >= 0) {
    dynamic = [];
    for (let j = di + 2; j < lines.length && lines[j].trim() !== ''; j++) {
      const m = /^ (0x[0-9a-f]+) \((\S+)\)\s+(.*)$/.exec(lines[j]);
      if (!m) fail(file, `bad dynamic line: ${lines[j]}`);
      let tag = BigInt(m[1]);
      if (header.class === 32) tag = BigInt.asIntN(32, tag);
      else tag = BigInt.asIntN(64, tag);
      const v = m[3];
      let value = null;
      let str;
      let q;
      if ((q = /^(?:Shared library|Library soname|Library rpath|Library runpath|Auxiliary library|Filter library): \[(.*)\]$/.exec(v))) str = q[1];
      else if (/^0x[0-9a-f]+$/.test(v)) value = num(v);
      else if ((q = /^(\d+)(?: \(bytes\))?$/.exec(v))) value = num(q[1]);
      else if (m[2] === 'PLTREL' && (v === 'RELA' || v === 'REL')) value = v === 'RELA' ? 7 : 17;
      else if (m[2] === 'FLAGS' || m[2] === 'FLAGS_1' || m[2] === 'MIPS_FLAGS') {
        const table = m[2] === 'FLAGS' ? DF : m[2] === 'FLAGS_1' ? DF_1 : RHF;
        const names = v.replace(/^Flags:/, '').trim().split(/\s+/).filter(Boolean);
        if (names.every((n) => n in table)) value = names.reduce((a, n) => a | table[n], 0);
      }
      if (tag === 0n) break;
      const row = [Number(tag), value];
      if (str !== undefined) row.push(str);
      dynamic.push(row);
    }
  }
  return { header, programHeaders, interpreter, sections, symtab, dynsym, dynamic };
}

// ---------------------------------------------------------------------------------------------
// The files

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const have = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** [id, path, copy?] */
const files = [];
for (const dir of ['test-binaries/riscv64', 'bench/bin/riscv64']) {
  for (const f of readdirSync(join(root, dir)).sort()) {
    const p = join(root, dir, f);
    if (!statSync(p).isFile()) continue;
    const b = readFileSync(p);
    if (b.length < 4 || b.readUInt32BE(0) !== 0x7f454c46) continue;
    files.push([`${dir.split('/')[0] === 'bench' ? 'bench' : 'tb'}-riscv64-${f}`, p, false]);
  }
}
for (const [id, p] of [
  ['host-true', '/bin/true'],
  ['host-ls', '/bin/ls'],
  ['host-libdl', '/lib/x86_64-linux-gnu/libdl.so.2'],
  ['riscv64-ld.so', '/usr/riscv64-linux-gnu/lib/ld-linux-riscv64-lp64d.so.1'],
  ['riscv64-libc.so', '/usr/riscv64-linux-gnu/lib/libc.so.6'],
]) {
  if (existsSync(p)) files.push([id, p, true]);
  else console.warn(`skipped ${p}: missing`);
}

const work = mkdtempSync(join(tmpdir(), 'tsemu-elf-'));
const src = join(outDir, 'tiny.c');
const cross = [
  ['armhf', 'arm-linux-gnueabihf-gcc'],
  ['aarch64', 'aarch64-linux-gnu-gcc'],
  ['mips', 'mips-linux-gnu-gcc'],
  ['mipsel', 'mipsel-linux-gnu-gcc'],
  ['riscv64', 'riscv64-linux-gnu-gcc'],
];
for (const [arch, cc] of cross) {
  if (!have(cc)) {
    console.warn(`skipped ${arch}: ${cc} is not installed`);
    continue;
  }
  const o = join(work, `tiny-${arch}.o`);
  const exe = join(work, `tiny-${arch}`);
  const so = join(work, `tiny-${arch}.so`);
  execFileSync(cc, ['-O1', '-c', src, '-o', o]);
  execFileSync(cc, ['-O1', src, '-o', exe]);
  execFileSync(cc, ['-O1', '-fPIC', '-shared', src, '-o', so]);
  files.push([`tiny-${arch}.o`, o, true], [`tiny-${arch}`, exe, true], [`tiny-${arch}.so`, so, true]);
  if (arch === 'armhf' || arch === 'riscv64' || arch === 'mips') {
    // no section headers (as sstrip leaves files): e_shoff = e_shnum = e_shstrndx = 0
    const b = Buffer.from(readFileSync(exe));
    const is64 = b[4] === 2;
    const le = b[5] === 1;
    const w16 = (off, v) => (le ? b.writeUInt16LE(v, off) : b.writeUInt16BE(v, off));
    if (is64) b.writeBigUInt64LE(0n, 0x28);
    else if (le) b.writeUInt32LE(0, 0x20);
    else b.writeUInt32BE(0, 0x20);
    w16(is64 ? 0x3c : 0x30, 0);
    w16(is64 ? 0x3e : 0x32, 0);
    const ns = join(work, `tiny-${arch}-nosections`);
    writeFileSync(ns, b);
    files.push([`tiny-${arch}-nosections`, ns, true]);
  }
}
if (have('gcc')) {
  try {
    const o = join(work, 'tiny-i386.o');
    execFileSync('gcc', ['-m32', '-O1', '-c', src, '-o', o], { stdio: 'ignore' });
    files.push(['tiny-i386.o', o, true]);
  } catch {
    console.warn('skipped i386: gcc -m32 failed');
  }
}
if (have('arm-linux-gnueabihf-gcc')) {
  const exe = join(work, 'tiny-armhf-static');
  execFileSync('arm-linux-gnueabihf-gcc', ['-O1', '-static', src, '-o', exe]);
  files.push(['tiny-armhf.static', exe, true]);
}

// ---------------------------------------------------------------------------------------------

rmSync(binDir, { recursive: true, force: true });
mkdirSync(binDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.endsWith('.json.gz') || f === 'index.json') rmSync(join(outDir, f));

const index = [];
let total = 0;
for (const [id, path, copy] of files) {
  const data = readFileSync(path);
  const text = execFileSync('readelf', ['-h', '-l', '-S', '-s', '--dyn-syms', '-d', '-W', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const details = execFileSync('readelf', ['-S', '-t', '-W', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const parsed = parseReadelf(path, text, details);
  let source;
  if (!path.startsWith(work) && path.startsWith(root + '/')) source = relative(root, path);
  else if (copy && (data.length <= MAX_COPY || path.startsWith(work))) {
    copyFileSync(path, join(binDir, id));
    source = `test/fixtures/elf/bin/${id}`;
  } else source = path; // external, checked by SHA-256 and skipped when missing or different
  const fixture = { id, source, size: data.length, sha256: sha256(data), ...parsed };
  const gz = gzipSync(JSON.stringify(fixture), { level: 9 });
  writeFileSync(join(outDir, `${id}.json.gz`), gz);
  total += gz.length + (source.startsWith('test/fixtures') ? data.length : 0);
  index.push({
    id, source, size: data.length, sha256: fixture.sha256,
    programHeaders: parsed.programHeaders.length, sections: parsed.sections.length,
    symtab: parsed.symtab?.length ?? 0, dynsym: parsed.dynsym?.length ?? 0, dynamic: parsed.dynamic?.length ?? 0,
  });
}
writeFileSync(join(outDir, 'index.json'), '[\n' + index.map((r) => '  ' + JSON.stringify(r)).join(',\n') + '\n]\n');
rmSync(work, { recursive: true, force: true });
console.log(`${index.length} files, fixtures ${(total / 1024).toFixed(0)} KiB (copied binaries included)`);
