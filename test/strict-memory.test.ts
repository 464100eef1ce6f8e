// Strict memory mode (src/mem/memory.ts GuestMemory.setStrict, Translator.setStrictMemory): every
// guest load and store checks its page's permissions in every tier, so an access to a PROT_NONE
// page, an unmapped hole or a write to a read-only page faults with the exact address, PC, kind
// (read/write) and SEGV_ACCERR vs SEGV_MAPERR, and an access that crosses from a good page into a
// bad one faults at the bad page's first byte. Without strict mode those pages are still reached
// directly (one bounds compare only), as before.
//
// The guest is synthetic: a fake arch whose "translation" of a PC is a hand-built IR block (one
// access through an address register, then a syscall exit), run through a real Translator in
// each mode: tier auto (a block's first run is interpreted), tier block (tier-1 JS), tier region
// with WebAssembly and with JS region code. A 64-bit guest (i64 addresses, also base + constant
// folded into the access) and 32-bit guests (i32 addresses, little- and big-endian).
import { beforeEach, describe, expect, test } from 'vitest';
import { CpuState, type GuestArch } from '../src/arch/types.ts';
import { Logger } from '../src/cli/log.ts';
import { IRBuilder, type IRBlock, type Temp, type Ty } from '../src/ir/ir.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { type RegionBackend, type Tier, Translator } from '../src/jit/translator.ts';
import { GuestFault, GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ, PAGE_SHIFT, PAGE_SIZE, PAGE_WRITE } from '../src/mem/memory.ts';

const WORDS = 64;
/** The address register, the value register (loads write it, stores read it). */
const ADDR = 2, VAL = 4;
const ENTRY = 0x1000, ACCESS_PC = 0x1004, EXIT_PC = 0x1008;

// Guest pages: RW, PROT_NONE, read-only, a hole, two RW pages side by side, write-only, exec-only.
const RW = 0x20000, NONE = 0x21000, RO = 0x22000, HOLE = 0x23000, RW2 = 0x24000, RW3 = 0x25000, WO = 0x26000, XO = 0x27000;

interface Guest {
  mem: GuestMemory;
  cpu: CpuState;
  wide: boolean;
}

/** One GuestMemory (a 4 GiB reservation) per kind of guest, reused by every test. */
const guests = new Map<string, Guest>();
function guest(wide: boolean, le: boolean): Guest {
  const key = `${wide}:${le}`;
  let g = guests.get(key);
  if (!g) {
    const mem = new GuestMemory(le);
    g = { mem, cpu: new CpuState(WORDS, mem), wide };
    guests.set(key, g);
  }
  const { mem } = g;
  mem.setStrict(false);
  mem.clearPages(0, 0x100);
  mem.setPages(RW >>> PAGE_SHIFT, (RW >>> PAGE_SHIFT) + 1, PAGE_READ | PAGE_WRITE);
  mem.setPages(NONE >>> PAGE_SHIFT, (NONE >>> PAGE_SHIFT) + 1, 0);
  mem.setPages(RO >>> PAGE_SHIFT, (RO >>> PAGE_SHIFT) + 1, PAGE_READ);
  mem.setPages(RW2 >>> PAGE_SHIFT, (RW3 >>> PAGE_SHIFT) + 1, PAGE_READ | PAGE_WRITE);
  mem.setPages(WO >>> PAGE_SHIFT, (WO >>> PAGE_SHIFT) + 1, PAGE_WRITE);
  mem.setPages(XO >>> PAGE_SHIFT, (XO >>> PAGE_SHIFT) + 1, PAGE_EXEC);
  // Known bytes everywhere (also in the pages the guest may not touch).
  for (let a = RW; a < XO + PAGE_SIZE; a++) mem.u8[a] = (a * 7 + 3) & 0xff;
  return g;
}

interface Access {
  kind: 'load' | 'store';
  ty: Ty;
  size: 1 | 2 | 4 | 8;
  /** A constant added to the address register (folded into the access by tier-1 code). */
  offset?: number;
}

/** The block at ENTRY: one access at ACCESS_PC, then a syscall exit (the run's end). */
function accessBlock(wide: boolean, a: Access): IRBlock {
  const b = new IRBuilder(ENTRY);
  let addr: Temp = b.get(ADDR, wide ? 'i64' : 'i32');
  if (a.offset) addr = b.add(addr, wide ? b.i64(a.offset) : b.i32(a.offset));
  const slot = VAL;
  if (a.kind === 'load') b.set(slot, b.load(a.ty, addr, a.size, false, ACCESS_PC));
  else b.store(addr, b.get(slot, a.ty), a.size, ACCESS_PC);
  return b.finish({ k: 'syscall', pc: EXIT_PC, next: EXIT_PC + 4 }, EXIT_PC + 4, 3);
}

function fakeArch(le: boolean, wide: boolean, block: () => IRBlock): GuestArch {
  return {
    name: 'strict-test',
    littleEndian: le,
    is64: wide,
    stateWords: WORDS,
    promotable: wide ? [{ slot: ADDR, ty: 'i64' }, { slot: VAL, ty: 'i64' }] : [{ slot: ADDR, ty: 'i32' }, { slot: VAL, ty: 'i32' }],
    // A fresh block each time: the translator optimizes the IR it gets in place.
    translate: (_mem: GuestMemory, pc: number) => {
      if (pc !== ENTRY) throw new Error(`no code at 0x${pc.toString(16)}`);
      return block();
    },
  } as unknown as GuestArch;
}

interface Mode {
  name: string;
  tier: Tier;
  regions: RegionBackend;
}
const MODES: Mode[] = [
  { name: 'interpreter', tier: 'auto', regions: 'wasm' },
  { name: 'tier 1', tier: 'block', regions: 'wasm' },
  { name: 'wasm region', tier: 'region', regions: 'wasm' },
  { name: 'js region', tier: 'region', regions: 'js' },
];

interface Outcome {
  fault?: { addr: number; pc: number; write: boolean; accessError: boolean };
  /** The value register after the run (low word; for 8-byte accesses the high word too). */
  lo: number;
  hi: number;
  translator: Translator;
}

function setAddr(g: Guest, addr: number): void {
  g.cpu.R[ADDR] = addr | 0;
  if (g.wide) g.cpu.R[ADDR + 1] = 0;
}

/** Runs the access once in `mode` (a fresh translator: a fresh translation). */
function runAccess(g: Guest, mode: Mode, a: Access, addr: number, value = 0, opts: { strict?: boolean; translator?: Translator } = {}): Outcome {
  const { mem, cpu } = g;
  const ret: Ret = { hi: 0 };
  const tr = opts.translator ?? new Translator(fakeArch(mem.littleEndian, g.wide, () => accessBlock(g.wide, a)), cpu, mem, { ...makeHelpers(mem, ret) }, ret, new Logger(), mode.tier, mode.regions);
  if (opts.strict ?? true) tr.setStrictMemory(true);
  cpu.R.fill(0);
  setAddr(g, addr);
  cpu.R[VAL] = value | 0;
  cpu.R[VAL + 1] = a.size === 8 ? Math.floor(value / 2 ** 32) | 0 : 0;
  if (a.ty === 'f64') cpu.F64[VAL >> 1] = value;
  if (a.ty === 'f32') cpu.F32[VAL] = value;
  let fault: Outcome['fault'];
  try {
    const next = tr.lookup(ENTRY)();
    expect(next).toBe(-1);
    expect(cpu.pc).toBe(EXIT_PC + 4);
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
    fault = { addr: e.addr, pc: e.pc, write: e.write, accessError: e.accessError };
  }
  if (mode.tier === 'region' && mode.regions === 'wasm') expect(tr.stats.wasmRegions).toBeGreaterThan(0);
  return { fault, lo: cpu.R[VAL], hi: cpu.R[VAL + 1], translator: tr };
}

const GUESTS = [
  { name: '64-bit', wide: true, le: true },
  { name: '32-bit little-endian', wide: false, le: true },
  { name: '32-bit big-endian', wide: false, le: false },
];

const faultAt = (addr: number, write: boolean, accessError: boolean) => ({ addr, pc: ACCESS_PC, write, accessError });

for (const gk of GUESTS) {
  for (const mode of MODES) {
    describe(`strict memory: ${gk.name}, ${mode.name}`, () => {
      // Fresh pages and contents for each test.
      let current: Guest;
      beforeEach(() => {
        current = guest(gk.wide, gk.le);
      });
      const g = () => current;
      const rd = (v: number, size: number, at: number) => {
        // The bytes at `at` as the guest reads them (size 1/2/4, zero-extended).
        const m = g().mem;
        const x = size === 1 ? m.u8[at] : size === 2 ? m.dv.getUint16(at, gk.le) : m.dv.getInt32(at, gk.le);
        expect(v).toBe(x);
      };

      test('a load from a PROT_NONE page faults (SEGV_ACCERR)', () => {
        for (const size of [1, 2, 4, 8] as const) {
          const r = runAccess(g(), mode, { kind: 'load', ty: size === 8 ? (gk.wide ? 'i64' : 'f64') : 'i32', size }, NONE + 0x10);
          expect(r.fault, `size ${size}`).toEqual(faultAt(NONE + 0x10, false, true));
        }
      });
      test('a store to a PROT_NONE page faults and writes nothing', () => {
        const before = g().mem.u8.slice(NONE, NONE + 0x20);
        const r = runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 4 }, NONE + 0x8, 0x11223344);
        expect(r.fault).toEqual(faultAt(NONE + 0x8, true, true));
        expect(g().mem.u8.slice(NONE, NONE + 0x20)).toEqual(before);
      });
      test('a store to a read-only page faults (SEGV_ACCERR); loads from it work', () => {
        for (const size of [1, 2, 4] as const) {
          const r = runAccess(g(), mode, { kind: 'store', ty: 'i32', size }, RO + 0x40, 0x55);
          expect(r.fault, `size ${size}`).toEqual(faultAt(RO + 0x40, true, true));
          const l = runAccess(g(), mode, { kind: 'load', ty: 'i32', size }, RO + 0x40);
          expect(l.fault).toBeUndefined();
          rd(l.lo, size, RO + 0x40);
        }
      });
      test('pages mapped write-only or exec-only can be read, as under qemu-user; exec-only ones not written', () => {
        for (const at of [WO + 0x20, XO + 0x20, WO - 2]) {
          const l = runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4 }, at);
          expect(l.fault, `0x${at.toString(16)}`).toBeUndefined();
          rd(l.lo, 4, at);
        }
        expect(runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 4 }, WO + 0x40, 9).fault).toBeUndefined();
        expect(g().mem.dv.getInt32(WO + 0x40, gk.le)).toBe(9);
        expect(runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 4 }, XO + 0x40, 9).fault).toEqual(faultAt(XO + 0x40, true, true));
        expect(runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 4 }, XO - 2, 9).fault).toEqual(faultAt(XO, true, true));
      });
      test('an unmapped hole faults (SEGV_MAPERR) for loads and stores', () => {
        expect(runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4 }, HOLE + 0x100).fault).toEqual(faultAt(HOLE + 0x100, false, false));
        expect(runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 1 }, HOLE, 1).fault).toEqual(faultAt(HOLE, true, false));
      });
      test('FP loads and stores check too', () => {
        expect(runAccess(g(), mode, { kind: 'load', ty: 'f64', size: 8 }, NONE + 0x18).fault).toEqual(faultAt(NONE + 0x18, false, true));
        expect(runAccess(g(), mode, { kind: 'store', ty: 'f32', size: 4 }, RO + 0x4, 1.5).fault).toEqual(faultAt(RO + 0x4, true, true));
        const ok = runAccess(g(), mode, { kind: 'store', ty: 'f64', size: 8 }, RW + 0x30, 2.25);
        expect(ok.fault).toBeUndefined();
        expect(g().mem.dv.getFloat64(RW + 0x30, gk.le)).toBe(2.25);
      });
      test('an access crossing from a good page into a bad one faults at the bad page', () => {
        // RW -> PROT_NONE (read and write), RO -> hole (a write to RO faults at RO itself).
        expect(runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4 }, NONE - 2).fault).toEqual(faultAt(NONE, false, true));
        expect(runAccess(g(), mode, { kind: 'load', ty: gk.wide ? 'i64' : 'f64', size: 8 }, NONE - 4).fault).toEqual(faultAt(NONE, false, true));
        expect(runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 2 }, NONE - 1, 7).fault).toEqual(faultAt(NONE, true, true));
        expect(runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4 }, HOLE - 3).fault).toEqual(faultAt(HOLE, false, false));
        expect(runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 4 }, HOLE - 3, 7).fault).toEqual(faultAt(HOLE - 3, true, true));
        // The bytes of the good page stay as they were.
        expect(g().mem.u8[NONE - 1]).toBe(((NONE - 1) * 7 + 3) & 0xff);
      });
      test('an access crossing between two good pages works', () => {
        const r = runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 4 }, RW3 - 2, 0x0a0b0c0d);
        expect(r.fault).toBeUndefined();
        expect(g().mem.dv.getInt32(RW3 - 2, gk.le)).toBe(0x0a0b0c0d);
        const l = runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4 }, RW3 - 2);
        expect(l.fault).toBeUndefined();
        expect(l.lo).toBe(0x0a0b0c0d);
      });
      test('good accesses read and write memory', () => {
        const s = runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 2 }, RW + 0x100, 0xbeef);
        expect(s.fault).toBeUndefined();
        expect(g().mem.dv.getUint16(RW + 0x100, gk.le)).toBe(0xbeef);
        const l = runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 2 }, RW + 0x100);
        expect(l.lo).toBe(0xbeef);
      });
      test('default mode is unchanged: mapped pages are reached whatever their permissions', () => {
        const l = runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4 }, NONE + 0x10, 0, { strict: false });
        expect(l.fault).toBeUndefined();
        rd(l.lo, 4, NONE + 0x10);
        expect(runAccess(g(), mode, { kind: 'store', ty: 'i32', size: 4 }, RO, 5, { strict: false }).fault).toBeUndefined();
        expect(g().mem.dv.getInt32(RO, gk.le)).toBe(5);
        // Holes below 64 KiB still fault on the slow path.
        expect(runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4 }, 0x100, 0, { strict: false }).fault).toEqual(faultAt(0x100, false, false));
      });
      test('setStrictMemory drops code made without the checks', () => {
        const a: Access = { kind: 'load', ty: 'i32', size: 4 };
        const first = runAccess(g(), mode, a, NONE, 0, { strict: false });
        expect(first.fault).toBeUndefined();
        const again = runAccess(g(), mode, a, NONE, 0, { strict: true, translator: first.translator });
        expect(again.fault).toEqual(faultAt(NONE, false, true));
        expect(first.translator.stats.flushes).toBe(1);
      });
      if (gk.wide) {
        test('a base register plus a constant (folded into the access) faults at the sum', () => {
          for (const offset of [0x10, -0x10, 0x7ff0]) {
            const at = NONE + 0x100;
            const r = runAccess(g(), mode, { kind: 'load', ty: 'i64', size: 8, offset }, at - offset);
            expect(r.fault, `offset ${offset}`).toEqual(faultAt(at, false, true));
            const ok = runAccess(g(), mode, { kind: 'load', ty: 'i32', size: 4, offset }, RW + 0x200 - offset);
            expect(ok.fault).toBeUndefined();
            rd(ok.lo, 4, RW + 0x200);
          }
        });
        test('addresses above 4 GiB still fault', () => {
          const gg = g();
          const ret: Ret = { hi: 0 };
          const tr = new Translator(fakeArch(true, true, () => accessBlock(true, { kind: 'load', ty: 'i64', size: 8 })), gg.cpu, gg.mem, { ...makeHelpers(gg.mem, ret) }, ret, new Logger(), mode.tier, mode.regions);
          tr.setStrictMemory(true);
          gg.cpu.R[ADDR] = RW;
          gg.cpu.R[ADDR + 1] = 1;
          expect(() => tr.lookup(ENTRY)()).toThrow(GuestFault);
        });
      }
    });
  }
}

describe('the page table in guest memory', () => {
  test('strict mode puts the table in unmapped guest memory, highest first, hidden from the guest', () => {
    const mem = new GuestMemory(true);
    // A stack-like mapping at the top, as the loader makes.
    mem.setPages(0xff7e0, 0xfffe0, 3);
    mem.setStrict(true);
    const at = mem.pageTableAddr;
    expect(at).toBe(0xff7e0000 - (1 << 20));
    expect(mem.pages.buffer).toBe(mem.buffer);
    expect(mem.pages.byteOffset).toBe(at);
    expect(mem.pages[0xff7e0]).toBe(PAGE_MAPPED | 3);
    // The guest can neither reach nor be handed the table's pages.
    expect(mem.check(at, 1, 0)).toBe(false);
    expect(mem.isMapped(at)).toBe(false);
    const free = mem.findFree(2 << 20, 0xff7e0000, 0x10000000);
    expect(free + (2 << 20) <= at).toBe(true);
    // munmap over it changes nothing.
    mem.clearPages(at >>> PAGE_SHIFT, (at >>> PAGE_SHIFT) + 16);
    expect(mem.findFree(PAGE_SIZE, at + PAGE_SIZE, at)).toBe(-1);
  });

  test('after execve cleared its marks, mapping over the table still moves it clear of its old place', () => {
    const mem = new GuestMemory(true);
    mem.setStrict(true);
    const old = mem.pageTableAddr;
    mem.pages.fill(0, 0, 0xfffe0); // what exec's dropAddressSpace does
    mem.setPages(old >>> PAGE_SHIFT, (old >>> PAGE_SHIFT) + 1, PAGE_READ);
    const now = mem.pageTableAddr;
    expect(now + (1 << 20) <= old || now >= old + (1 << 20)).toBe(true);
    expect(mem.pages[old >>> PAGE_SHIFT]).toBe(PAGE_MAPPED | PAGE_READ);
    expect(mem.strict).toBe(true);
  });

  test('without 1 MiB of free address space strict mode stays off, and a table with nowhere to go ends it', () => {
    const full = new GuestMemory(true);
    full.setPages(0x10, 0xfffe0, PAGE_READ);
    full.setStrict(true);
    expect(full.strict).toBe(false);
    expect(full.pageTableAddr).toBe(-1);

    const mem = new GuestMemory(true);
    mem.setStrict(true);
    const at = mem.pageTableAddr >>> PAGE_SHIFT;
    let moved = 0;
    mem.onPageTableMoved = () => moved++;
    mem.setPages(0x10, at, PAGE_READ);
    mem.setPages(at, at + 1, PAGE_READ | PAGE_WRITE);
    expect(moved).toBe(1);
    expect(mem.strict).toBe(false);
    expect(mem.pageTableAddr).toBe(-1);
    expect(mem.pages.buffer).not.toBe(mem.buffer);
    expect(mem.pages[at]).toBe(PAGE_MAPPED | PAGE_READ | PAGE_WRITE);
    expect(mem.pages[at + 1]).toBe(0);
    expect(mem.pages[0x10]).toBe(PAGE_MAPPED | PAGE_READ);
  });

  test('mapping over the table moves it; the new mapping reads zeros and generated code follows', () => {
    const g = guest(true, true);
    const { mem, cpu } = g;
    const ret: Ret = { hi: 0 };
    const a: Access = { kind: 'load', ty: 'i32', size: 4 };
    const tr = new Translator(fakeArch(true, true, () => accessBlock(true, a)), cpu, mem, { ...makeHelpers(mem, ret) }, ret, new Logger(), 'region', 'wasm');
    tr.setStrictMemory(true);
    const old = mem.pageTableAddr;
    setAddr(g, NONE);
    expect(() => tr.lookup(ENTRY)()).toThrow(GuestFault);
    const flushes = tr.stats.flushes;
    // MAP_FIXED over half of the table.
    const first = (old >>> PAGE_SHIFT) + 128;
    mem.setPages(first, first + 4, PAGE_READ | PAGE_WRITE);
    expect(mem.pageTableAddr).not.toBe(old);
    expect(tr.stats.flushes).toBe(flushes + 1);
    expect(mem.pages.byteOffset).toBe(mem.pageTableAddr);
    expect(mem.u8.subarray(first * PAGE_SIZE, (first + 4) * PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(mem.pages[first]).toBe(PAGE_MAPPED | PAGE_READ | PAGE_WRITE);
    expect(mem.pages[NONE >>> PAGE_SHIFT]).toBe(PAGE_MAPPED);
    // The old table's other pages are free address space again; the new table's are reserved.
    expect(mem.check(old, 1, 0)).toBe(false);
    expect(mem.findFree(PAGE_SIZE, old + PAGE_SIZE, old)).toBe(old);
    expect(mem.findFree(PAGE_SIZE, mem.pageTableAddr + PAGE_SIZE, mem.pageTableAddr)).toBe(-1);
    // Code made now reads the new table: the new mapping is accessible, PROT_NONE still faults.
    setAddr(g, first * PAGE_SIZE + 8);
    expect(tr.lookup(ENTRY)()).toBe(-1);
    setAddr(g, NONE);
    expect(() => tr.lookup(ENTRY)()).toThrow(GuestFault);
    mem.clearPages(first, first + 4);
  });
});
