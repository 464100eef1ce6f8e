// A small ELF parser (ELF32/ELF64, both byte orders): header, program headers, section headers,
// symbols and the dynamic section. Everything is bounds-checked: a malformed file gives an
// ElfError with one clear sentence, never a RangeError from a DataView.

export class ElfError extends Error {}

export const ET_EXEC = 2;
export const ET_DYN = 3;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_STACK = 0x6474e551;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const EM_MIPS = 8;
export const EM_ARM = 40;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;

export interface ElfHeader {
  is64: boolean;
  littleEndian: boolean;
  osabi: number;
  abiVersion: number;
  type: number;
  machine: number;
  version: number;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface SectionHeader {
  name: string;
  nameOffset: number;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  info: number;
  other: number;
  shndx: number;
}

export interface DynamicEntry {
  tag: number;
  value: number;
}

/** A reader that throws ElfError instead of RangeError. 64-bit fields become JS numbers. */
class Reader {
  private dv: DataView;
  constructor(
    readonly data: Uint8Array,
    readonly le: boolean,
  ) {
    this.dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  private need(off: number, n: number, what: string): void {
    if (off < 0 || off + n > this.data.length) throw new ElfError(`truncated ELF file (${what} lies beyond the end of the file)`);
  }
  u8(off: number, what: string): number {
    this.need(off, 1, what);
    return this.data[off];
  }
  u16(off: number, what: string): number {
    this.need(off, 2, what);
    return this.dv.getUint16(off, this.le);
  }
  u32(off: number, what: string): number {
    this.need(off, 4, what);
    return this.dv.getUint32(off, this.le);
  }
  u64(off: number, what: string): number {
    this.need(off, 8, what);
    const v = this.dv.getBigUint64(off, this.le);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`absurd value in ELF file (${what})`);
    return Number(v);
  }
  i64(off: number, what: string): number {
    this.need(off, 8, what);
    return Number(this.dv.getBigInt64(off, this.le));
  }
  word(is64: boolean, off: number, what: string): number {
    return is64 ? this.u64(off, what) : this.u32(off, what);
  }
}

export class ElfFile {
  readonly header: ElfHeader;
  readonly programHeaders: ProgramHeader[];
  private r: Reader;
  private sections?: SectionHeader[];

  constructor(readonly data: Uint8Array) {
    if (data.length < 16 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46) {
      throw new ElfError('not an ELF file');
    }
    const cls = data[4];
    const enc = data[5];
    if (cls !== 1 && cls !== 2) throw new ElfError(`unknown ELF class ${cls}`);
    if (enc !== 1 && enc !== 2) throw new ElfError(`unknown ELF data encoding ${enc}`);
    const is64 = cls === 2;
    this.r = new Reader(data, enc === 1);
    const r = this.r;
    const w = is64 ? 8 : 4;
    const h = 'ELF header';
    const header: ElfHeader = {
      is64,
      littleEndian: enc === 1,
      osabi: data[7],
      abiVersion: data[8],
      type: r.u16(16, h),
      machine: r.u16(18, h),
      version: r.u32(20, h),
      entry: r.word(is64, 24, h),
      phoff: r.word(is64, 24 + w, h),
      shoff: r.word(is64, 24 + 2 * w, h),
      flags: r.u32(24 + 3 * w, h),
      ehsize: r.u16(28 + 3 * w, h),
      phentsize: r.u16(30 + 3 * w, h),
      phnum: r.u16(32 + 3 * w, h),
      shentsize: r.u16(34 + 3 * w, h),
      shnum: r.u16(36 + 3 * w, h),
      shstrndx: r.u16(38 + 3 * w, h),
    };
    this.header = header;
    const phsize = is64 ? 56 : 32;
    if (header.phnum > 0 && header.phentsize < phsize) throw new ElfError(`bad program header size ${header.phentsize}`);
    this.programHeaders = [];
    for (let i = 0; i < header.phnum; i++) {
      const o = header.phoff + i * header.phentsize;
      const what = `program header ${i}`;
      this.programHeaders.push(
        is64
          ? {
              type: r.u32(o, what),
              flags: r.u32(o + 4, what),
              offset: r.u64(o + 8, what),
              vaddr: r.u64(o + 16, what),
              paddr: r.u64(o + 24, what),
              filesz: r.u64(o + 32, what),
              memsz: r.u64(o + 40, what),
              align: r.u64(o + 48, what),
            }
          : {
              type: r.u32(o, what),
              offset: r.u32(o + 4, what),
              vaddr: r.u32(o + 8, what),
              paddr: r.u32(o + 12, what),
              filesz: r.u32(o + 16, what),
              memsz: r.u32(o + 20, what),
              flags: r.u32(o + 24, what),
              align: r.u32(o + 28, what),
            },
      );
    }
  }

  /** Section headers (empty when the file has none, as stripped-by-sstrip files do). */
  get sectionHeaders(): SectionHeader[] {
    if (this.sections) return this.sections;
    const { is64, shoff, shnum, shentsize, shstrndx } = this.header;
    const r = this.r;
    const out: SectionHeader[] = [];
    const shsize = is64 ? 64 : 40;
    if (shoff !== 0 && shnum > 0) {
      if (shentsize < shsize) throw new ElfError(`bad section header size ${shentsize}`);
      for (let i = 0; i < shnum; i++) {
        const o = shoff + i * shentsize;
        const what = `section header ${i}`;
        const word = (off: number) => r.word(is64, off, what);
        out.push(
          is64
            ? {
                name: '',
                nameOffset: r.u32(o, what),
                type: r.u32(o + 4, what),
                flags: word(o + 8),
                addr: word(o + 16),
                offset: word(o + 24),
                size: word(o + 32),
                link: r.u32(o + 40, what),
                info: r.u32(o + 44, what),
                addralign: word(o + 48),
                entsize: word(o + 56),
              }
            : {
                name: '',
                nameOffset: r.u32(o, what),
                type: r.u32(o + 4, what),
                flags: r.u32(o + 8, what),
                addr: r.u32(o + 12, what),
                offset: r.u32(o + 16, what),
                size: r.u32(o + 20, what),
                link: r.u32(o + 24, what),
                info: r.u32(o + 28, what),
                addralign: r.u32(o + 32, what),
                entsize: r.u32(o + 36, what),
              },
        );
      }
      const strtab = out[shstrndx];
      if (strtab && strtab.type !== 8 /* SHT_NOBITS */) {
        for (const s of out) s.name = this.stringAt(strtab.offset, strtab.size, s.nameOffset);
      }
    }
    this.sections = out;
    return out;
  }

  /** A NUL-terminated string inside a string table (empty if out of range). */
  stringAt(tableOffset: number, tableSize: number, index: number): string {
    if (index >= tableSize) return '';
    const start = tableOffset + index;
    const limit = Math.min(tableOffset + tableSize, this.data.length);
    let end = start;
    while (end < limit && this.data[end] !== 0) end++;
    return Buffer.from(this.data.subarray(start, end)).toString('latin1');
  }

  /** Symbols of SHT_SYMTAB (or SHT_DYNSYM when `dynamic`). */
  symbols(dynamic = false): ElfSymbol[] {
    const want = dynamic ? 11 : 2;
    const { is64 } = this.header;
    const r = this.r;
    const out: ElfSymbol[] = [];
    const secs = this.sectionHeaders;
    for (const s of secs) {
      if (s.type !== want) continue;
      const str = secs[s.link];
      const entsize = s.entsize || (is64 ? 24 : 16);
      const count = Math.floor(s.size / entsize);
      for (let i = 0; i < count; i++) {
        const o = s.offset + i * entsize;
        const what = `symbol ${i}`;
        const nameOff = r.u32(o, what);
        const sym = is64
          ? { info: r.u8(o + 4, what), other: r.u8(o + 5, what), shndx: r.u16(o + 6, what), value: r.u64(o + 8, what), size: r.u64(o + 16, what) }
          : { value: r.u32(o + 4, what), size: r.u32(o + 8, what), info: r.u8(o + 12, what), other: r.u8(o + 13, what), shndx: r.u16(o + 14, what) };
        out.push({ name: str ? this.stringAt(str.offset, str.size, nameOff) : '', ...sym });
      }
    }
    return out;
  }

  /** Entries of the PT_DYNAMIC segment, up to DT_NULL. */
  dynamic(): DynamicEntry[] {
    const ph = this.programHeaders.find((p) => p.type === PT_DYNAMIC);
    if (!ph) return [];
    const { is64 } = this.header;
    const size = is64 ? 16 : 8;
    const out: DynamicEntry[] = [];
    for (let o = ph.offset; o + size <= ph.offset + ph.filesz; o += size) {
      const tag = is64 ? this.r.i64(o, 'dynamic entry') : this.r.u32(o, 'dynamic entry') | 0;
      const value = this.r.word(is64, o + size / 2, 'dynamic entry');
      if (tag === 0) break;
      out.push({ tag, value });
    }
    return out;
  }

  /** The PT_INTERP path, if any. */
  interpreter(): string | undefined {
    const ph = this.programHeaders.find((p) => p.type === PT_INTERP);
    if (!ph) return undefined;
    if (ph.offset + ph.filesz > this.data.length) throw new ElfError('truncated ELF file (PT_INTERP lies beyond the end of the file)');
    return this.stringAt(ph.offset, ph.filesz, 0);
  }
}

export function machineName(machine: number): string {
  switch (machine) {
    case EM_MIPS:
      return 'MIPS';
    case EM_ARM:
      return 'ARM';
    case EM_AARCH64:
      return 'AArch64';
    case EM_RISCV:
      return 'RISC-V';
    case 62:
      return 'x86-64';
    case 3:
      return 'i386';
    default:
      return `machine ${machine}`;
  }
}
