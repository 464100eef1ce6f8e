// The RV64GC+Zba/Zbb decoder and disassembler against GNU objdump (DESIGN.md 7): every encoding of
// test/fixtures/riscv-objdump/rv64gc-zba-zbb.txt (made by scripts/gen-riscv-decoder-fixtures.mjs,
// see its header) is decoded and printed, and must give objdump's text exactly, up to the
// whitespace between mnemonic and operands. The fixture is committed, so no toolchain is needed;
// when the same objdump is installed, regenerating it must give identical files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decode, decode16, rv64Defs, type Decoded, type InsnDef } from '../src/arch/riscv/decode.ts';
import { formatInsn } from '../src/arch/riscv/disasm.ts';
import { Lifter, SIGILL, semantics } from '../src/arch/riscv/lift.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(root, 'test/fixtures/riscv-objdump/rv64gc-zba-zbb.txt');

interface Entry {
  kind: string;
  addr: number;
  raw: string;
  text: string;
  line: number;
}

const fixtureText = readFileSync(FIXTURE, 'utf8');
const entries: Entry[] = [];
fixtureText.split('\n').forEach((l, i) => {
  if (!l || l.startsWith('#')) return;
  const [kind, addr, raw, ...rest] = l.split('\t');
  entries.push({ kind: kind!, addr: parseInt(addr!, 16), raw: raw!, text: rest.join('\t'), line: i + 1 });
});

/** objdump prints the halfwords of a 16-bit or 48-bit encoding, and a 32-bit word whole. */
function decodeRaw(raw: string): Decoded | undefined {
  const parts = raw.split(' ');
  if (parts.length === 1 && raw.length === 8) {
    const w = parseInt(raw, 16);
    return decode(w & 0xffff, w >>> 16);
  }
  return decode(parseInt(parts[0]!, 16), parts[1] ? parseInt(parts[1], 16) : 0);
}

const norm = (s: string) => s.trim().replace(/^(\S+)\s+/, '$1 ');
const where = (e: Entry) => `line ${e.line}: ${e.raw}`;

/** Rows the lifter leaves without semantics on purpose: translateBlock then raises SIGILL, which is
 *  their meaning (unimp is csrrw zero,cycle,zero, a write to a read-only CSR). */
const TRAP_ROWS = new Set(['unimp']);

/** Lifts one decoded instruction alone, as translateBlock does; returns the block exit, if any. */
function lift(d: Decoded, pc: number) {
  const L = new Lifter(pc);
  L.pc = pc;
  L.len = d.length;
  const s = semantics[d.def.name];
  if (s) s(L, d.f);
  else L.illegal();
  return L.exit;
}
const isSigill = (exit: ReturnType<typeof lift>) => exit?.k === 'trap' && exit.signal === SIGILL;

describe('riscv64 decoder vs objdump -M no-aliases', () => {
  const insns = entries.filter((e) => e.kind === 'insn');
  const illegal = entries.filter((e) => e.kind === 'illegal');
  const lenient = entries.filter((e) => e.kind.startsWith('lenient:'));

  it('reads the fixture', () => {
    expect(insns.length).toBeGreaterThan(1000);
    expect(illegal.length).toBeGreaterThan(50);
    expect(entries.length).toBe(insns.length + illegal.length + lenient.length);
    console.log(`riscv decoder: ${insns.length} forms compared with objdump, ${illegal.length} illegal, ${lenient.length} lenient`);
  });

  it('decodes and prints every instruction exactly as objdump does', () => {
    const bad: string[] = [];
    for (const e of insns) {
      const d = decodeRaw(e.raw);
      if (!d) {
        bad.push(`${where(e)} objdump [${e.text}] ours: does not decode`);
        continue;
      }
      const len = e.raw.length === 4 ? 2 : 4;
      if (d.length !== len) bad.push(`${where(e)} length ${d.length}, expected ${len}`);
      const got = formatInsn(d, e.addr);
      if (norm(got) !== norm(e.text)) bad.push(`${where(e)} objdump [${norm(e.text)}] ours [${norm(got)}]`);
    }
    expect(bad).toEqual([]);
  });

  it('rejects reserved, unassigned and privileged encodings', () => {
    const bad = illegal.filter((e) => decodeRaw(e.raw) !== undefined).map((e) => `${where(e)} (objdump: ${e.text}) decodes as ${formatInsn(decodeRaw(e.raw)!, e.addr)}`);
    expect(bad).toEqual([]);
  });

  it('executes the encodings the ISA defines but objdump 2.40 does not print', () => {
    const bad: string[] = [];
    for (const e of lenient) {
      const want = e.kind.slice('lenient:'.length);
      const d = decodeRaw(e.raw);
      if (d?.def.name !== want) bad.push(`${where(e)} expected ${want}, got ${d ? d.def.name : 'no decode'}`);
    }
    expect(bad).toEqual([]);
  });

  it('covers every row of the decoder table', () => {
    const seen = new Set<InsnDef>();
    for (const e of [...insns, ...lenient]) {
      const d = decodeRaw(e.raw);
      if (d && !d.cname) seen.add(d.def);
    }
    const missing = rv64Defs.filter((def) => !seen.has(def)).map((def) => `${def.name} (match ${(def.match >>> 0).toString(16)})`);
    expect(missing).toEqual([]);
  });

  it('covers every compressed form decode16 produces', () => {
    const all = new Set<string>();
    for (let i = 0; i < 0x10000; i++) {
      if ((i & 3) === 3) continue;
      const d = decode16(i);
      if (d) all.add(d.cname!);
    }
    const seen = new Set(insns.map((e) => decodeRaw(e.raw)?.cname).filter((n) => n !== undefined));
    expect([...all].filter((n) => !seen.has(n))).toEqual([]);
    expect(all.size).toBe(39);
  });

  it('lifts every row; reserved rounding modes 5 and 6 raise SIGILL, the others do not', () => {
    const bad: string[] = [];
    let reserved = 0;
    for (const e of [...insns, ...lenient]) {
      const d = decodeRaw(e.raw);
      if (!d) continue;
      if (TRAP_ROWS.has(d.def.name)) {
        if (!isSigill(lift(d, e.addr))) bad.push(`${where(e)} ${d.def.name} must raise SIGILL`);
        continue;
      }
      if (!semantics[d.def.name]) {
        bad.push(`${where(e)} ${d.def.name} has no semantics`);
        continue;
      }
      if (!d.def.hasRm) continue;
      const ill = isSigill(lift(d, e.addr));
      const rmReserved = d.f.rm === 5 || d.f.rm === 6;
      if (rmReserved) reserved++;
      if (ill !== rmReserved) bad.push(`${where(e)} ${d.def.name} rm=${d.f.rm}: ${ill ? 'SIGILL' : 'no SIGILL'}`);
    }
    expect(bad).toEqual([]);
    expect(reserved).toBeGreaterThan(50);
  });
});

function objdumpVersion(): string | undefined {
  try {
    return execFileSync('riscv64-linux-gnu-objdump', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

// Regeneration needs the same binutils that made the fixture (its version is in the header).
const version = objdumpVersion();
describe.skipIf(!version || !fixtureText.includes(`# ${version}:`))('riscv64 decoder fixture', () => {
  it('regenerates identically', () => {
    execFileSync(process.execPath, [join(root, 'scripts/gen-riscv-decoder-fixtures.mjs'), '--check'], { stdio: 'pipe' });
  }, 60000);
});
