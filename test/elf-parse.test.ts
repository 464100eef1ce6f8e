// src/elf/parse.ts against binutils readelf: test/fixtures/elf/ holds what `readelf -h -l -S -s
// --dyn-syms -d -W` (and -S -t for exact section flags) showed for each file, made by
// scripts/gen-elf-fixtures.mjs. Files: the committed riscv64 guest binaries, host x86-64 binaries,
// the riscv64 ld.so and libc, and cross-built ARM/AArch64/MIPS/MIPSel/RISC-V/i386 objects,
// executables and shared objects (32- and 64-bit, both byte orders, some without section headers).
// A file whose bytes differ from the ones readelf saw (an external path on another machine) is skipped.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { ElfFile, PT_LOAD } from '../src/elf/parse.ts';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures/elf');

type Num = number;
interface Fixture {
  id: string;
  source: string;
  size: number;
  sha256: string;
  header: {
    class: 32 | 64; data: 'le' | 'be'; osabi: Num; abiVersion: Num; type: Num; machine: Num; version: Num; entry: Num;
    phoff: Num; shoff: Num; flags: Num; ehsize: Num; phentsize: Num; phnum: Num; shentsize: Num; shnum: Num; shstrndx: Num;
  };
  /** type, offset, vaddr, paddr, filesz, memsz, flags (R/W/E bits as readelf shows them), align */
  programHeaders: Num[][];
  interpreter: string | null;
  /** name, type, addr, offset, size, entsize, flags, link, info, align */
  sections: [string, ...Num[]][];
  /** name, value, size, info, shndx */
  symtab: [string, Num, Num, Num, Num][] | null;
  dynsym: [string, Num, Num, Num, Num][] | null;
  /** tag, value (null when readelf shows it symbolically), string for NEEDED/SONAME/RPATH/RUNPATH */
  dynamic: [Num, Num | null, string?][] | null;
}
interface IndexRow {
  id: string;
  source: string;
  sha256: string;
}

const index = JSON.parse(readFileSync(join(fixtures, 'index.json'), 'utf8')) as IndexRow[];
const stats = { files: 0, skipped: [] as string[], fields: 0, headers: 0, programHeaders: 0, sections: 0, symbols: 0, dynamic: 0 };

function fileFor(row: IndexRow): Buffer | undefined {
  const p = isAbsolute(row.source) ? row.source : join(root, row.source);
  if (!existsSync(p)) return undefined;
  const data = readFileSync(p);
  return createHash('sha256').update(data).digest('hex') === row.sha256 ? data : undefined;
}

/** Compares field by field, collecting every mismatch as a line (and counting matches). */
class Checker {
  readonly bad: string[] = [];
  eq(what: string, ours: unknown, theirs: unknown): void {
    if (ours === theirs) stats.fields++;
    else this.bad.push(`${what}: parser ${fmt(ours)}, readelf ${fmt(theirs)}`);
  }
}
const fmt = (v: unknown) => (typeof v === 'number' && v > 9 ? `${v} (0x${v.toString(16)})` : JSON.stringify(v));

function compare(elf: ElfFile, fx: Fixture): string[] {
  const c = new Checker();
  const h = elf.header;
  const H = fx.header;
  c.eq('class', h.is64 ? 64 : 32, H.class);
  c.eq('data', h.littleEndian ? 'le' : 'be', H.data);
  for (const k of ['osabi', 'abiVersion', 'type', 'machine', 'version', 'entry', 'phoff', 'shoff', 'flags', 'ehsize', 'phentsize', 'phnum', 'shentsize', 'shnum', 'shstrndx'] as const) {
    c.eq(`header.${k}`, h[k], H[k]);
  }
  stats.headers++;

  c.eq('program header count', elf.programHeaders.length, fx.programHeaders.length);
  fx.programHeaders.forEach(([type, offset, vaddr, paddr, filesz, memsz, flags, align], i) => {
    const p = elf.programHeaders[i];
    if (!p) return;
    const w = `phdr[${i}]`;
    c.eq(`${w}.type`, p.type, type);
    c.eq(`${w}.offset`, p.offset, offset);
    c.eq(`${w}.vaddr`, p.vaddr, vaddr);
    c.eq(`${w}.paddr`, p.paddr, paddr);
    c.eq(`${w}.filesz`, p.filesz, filesz);
    c.eq(`${w}.memsz`, p.memsz, memsz);
    c.eq(`${w}.flags`, p.flags & 7, flags); // readelf shows only R, W, E
    c.eq(`${w}.align`, p.align, align);
    stats.programHeaders++;
  });

  const secs = elf.sectionHeaders;
  c.eq('section count', secs.length, fx.sections.length);
  fx.sections.forEach(([name, type, addr, offset, size, entsize, flags, link, info, align], i) => {
    const s = secs[i];
    if (!s) return;
    const w = `section[${i}] ${name}`;
    c.eq(`${w}.name`, s.name, name);
    c.eq(`${w}.type`, s.type, type);
    c.eq(`${w}.addr`, s.addr, addr);
    c.eq(`${w}.offset`, s.offset, offset);
    c.eq(`${w}.size`, s.size, size);
    c.eq(`${w}.entsize`, s.entsize, entsize);
    c.eq(`${w}.flags`, s.flags, flags);
    c.eq(`${w}.link`, s.link, link);
    c.eq(`${w}.info`, s.info, info);
    c.eq(`${w}.align`, s.addralign, align);
    stats.sections++;
  });

  for (const [label, dynamic, rows] of [['symtab', false, fx.symtab], ['dynsym', true, fx.dynsym]] as const) {
    const syms = elf.symbols(dynamic);
    c.eq(`${label} count`, syms.length, rows?.length ?? 0);
    rows?.forEach(([name, value, size, info, shndx], i) => {
      const s = syms[i];
      if (!s) return;
      const w = `${label}[${i}] ${name}`;
      // readelf names an unnamed STT_SECTION symbol after its section
      const shown = s.name === '' && (s.info & 15) === 3 ? (secs[s.shndx]?.name ?? '') : s.name;
      c.eq(`${w}.name`, shown, name);
      c.eq(`${w}.value`, s.value, value);
      c.eq(`${w}.size`, s.size, size);
      c.eq(`${w}.info`, s.info, info);
      c.eq(`${w}.shndx`, s.shndx, shndx);
      stats.symbols++;
    });
  }

  const dyn = elf.dynamic();
  c.eq('dynamic count', dyn.length, fx.dynamic?.length ?? 0);
  // Strings of DT_NEEDED and friends: DT_STRTAB is a vaddr; find its bytes through PT_LOAD.
  const strtab = dyn.find((d) => d.tag === 5)?.value;
  const strOff = (() => {
    if (strtab === undefined) return undefined;
    const seg = elf.programHeaders.find((p) => p.type === PT_LOAD && p.vaddr <= strtab && strtab < p.vaddr + p.filesz);
    return seg ? seg.offset + (strtab - seg.vaddr) : undefined;
  })();
  fx.dynamic?.forEach(([tag, value, str], i) => {
    const d = dyn[i];
    if (!d) return;
    const w = `dynamic[${i}] tag 0x${tag.toString(16)}`;
    c.eq(`${w}.tag`, d.tag, tag);
    if (value !== null) c.eq(`${w}.value`, d.value, value);
    if (str !== undefined) c.eq(`${w}.string`, strOff === undefined ? undefined : elf.stringAt(strOff, elf.data.length - strOff, d.value), str);
    stats.dynamic++;
  });

  c.eq('interpreter', elf.interpreter() ?? null, fx.interpreter);
  return c.bad;
}

describe('ELF parser matches readelf', () => {
  afterAll(() => {
    const skipped = stats.skipped.length ? `; skipped (file missing or different): ${stats.skipped.join(', ')}` : '';
    console.log(
      `elf-parse: ${stats.files} files, ${stats.fields} fields matched readelf ` +
        `(${stats.headers} headers, ${stats.programHeaders} program headers, ${stats.sections} section headers, ` +
        `${stats.symbols} symbols, ${stats.dynamic} dynamic entries)${skipped}`,
    );
  });

  test('fixtures cover every kind of file', () => {
    expect(index.length).toBeGreaterThanOrEqual(60);
    const all = index.map((r) => JSON.parse(gunzipSync(readFileSync(join(fixtures, `${r.id}.json.gz`))).toString('utf8')) as Fixture);
    const kinds = new Set(all.map((f) => `${f.header.class}${f.header.data}`));
    expect([...kinds].sort()).toEqual(['32be', '32le', '64le']);
    const machines = new Set(all.map((f) => f.header.machine));
    for (const m of [3, 8, 40, 62, 183, 243]) expect(machines.has(m), `machine ${m}`).toBe(true);
    expect(all.some((f) => f.sections.length === 0 && f.programHeaders.length > 0), 'a file without section headers').toBe(true);
    expect(all.some((f) => f.header.type === 1), 'a relocatable object').toBe(true);
    expect(all.some((f) => f.programHeaders.some((p) => p[0] >= 0x70000000)), 'processor-specific program headers').toBe(true);
  });

  for (const row of index) {
    const data = fileFor(row);
    if (!data) stats.skipped.push(row.id);
    test.skipIf(!data)(row.id, () => {
      if (!data) return;
      const fx = JSON.parse(gunzipSync(readFileSync(join(fixtures, `${row.id}.json.gz`))).toString('utf8')) as Fixture;
      const elf = new ElfFile(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const bad = compare(elf, fx);
      expect(bad.slice(0, 40), `${bad.length} mismatches`).toEqual([]);
      stats.files++;
    });
  }
});
