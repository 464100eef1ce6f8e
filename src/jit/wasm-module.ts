// A minimal WebAssembly binary writer: just what the region backend emits (one imported shared
// memory, imported and local functions, one export, the legacy exception-handling opcodes that V8
// ships). Encodings from the WebAssembly core specification, section 5 (binary format).

export type ValType = 'i32' | 'i64' | 'f32' | 'f64';
export const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };
/** Block type "no values". */
export const EMPTY = 0x40;

/** Opcodes used by the backends (core spec 5.4). */
export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05,
  try: 0x06, catch: 0x07, rethrow: 0x09, end: 0x0b, br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f,
  call: 0x10, drop: 0x1a, select: 0x1b, catch_all: 0x19,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22,
  i32_load: 0x28, i64_load: 0x29, f32_load: 0x2a, f64_load: 0x2b,
  i32_load8_s: 0x2c, i32_load8_u: 0x2d, i32_load16_s: 0x2e, i32_load16_u: 0x2f,
  i64_load8_s: 0x30, i64_load8_u: 0x31, i64_load16_s: 0x32, i64_load16_u: 0x33, i64_load32_s: 0x34, i64_load32_u: 0x35,
  i32_store: 0x36, i64_store: 0x37, f32_store: 0x38, f64_store: 0x39,
  i32_store8: 0x3a, i32_store16: 0x3b, i64_store8: 0x3c, i64_store16: 0x3d, i64_store32: 0x3e,
  i32_const: 0x41, i64_const: 0x42, f32_const: 0x43, f64_const: 0x44,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a, i32_gt_u: 0x4b,
  i32_le_s: 0x4c, i32_le_u: 0x4d, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  i64_eqz: 0x50, i64_eq: 0x51, i64_ne: 0x52, i64_lt_s: 0x53, i64_lt_u: 0x54, i64_gt_s: 0x55, i64_gt_u: 0x56,
  i64_le_s: 0x57, i64_le_u: 0x58, i64_ge_s: 0x59, i64_ge_u: 0x5a,
  f64_eq: 0x61, f64_ne: 0x62, f64_lt: 0x63, f64_gt: 0x64, f64_le: 0x65, f64_ge: 0x66,
  i32_clz: 0x67, i32_ctz: 0x68, i32_popcnt: 0x69, i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c,
  i32_div_s: 0x6d, i32_div_u: 0x6e, i32_rem_s: 0x6f, i32_rem_u: 0x70, i32_and: 0x71, i32_or: 0x72, i32_xor: 0x73,
  i32_shl: 0x74, i32_shr_s: 0x75, i32_shr_u: 0x76, i32_rotl: 0x77, i32_rotr: 0x78,
  i64_clz: 0x79, i64_ctz: 0x7a, i64_popcnt: 0x7b, i64_add: 0x7c, i64_sub: 0x7d, i64_mul: 0x7e,
  i64_div_s: 0x7f, i64_div_u: 0x80, i64_rem_s: 0x81, i64_rem_u: 0x82, i64_and: 0x83, i64_or: 0x84, i64_xor: 0x85,
  i64_shl: 0x86, i64_shr_s: 0x87, i64_shr_u: 0x88, i64_rotl: 0x89, i64_rotr: 0x8a,
  f64_abs: 0x99, f64_neg: 0x9a, f64_sqrt: 0x9f, f64_add: 0xa0, f64_sub: 0xa1, f64_mul: 0xa2, f64_div: 0xa3,
  i32_wrap_i64: 0xa7, i64_extend_i32_s: 0xac, i64_extend_i32_u: 0xad, f64_convert_i32_u: 0xb8,
  i32_extend8_s: 0xc0, i32_extend16_s: 0xc1, i64_extend8_s: 0xc2, i64_extend16_s: 0xc3,
  i32_reinterpret_f32: 0xbc, i64_reinterpret_f64: 0xbd, f32_reinterpret_i32: 0xbe, f64_reinterpret_i64: 0xbf,
} as const;

/** A growable byte buffer with the spec's integer and float encodings. */
export class Bytes {
  private buf = new Uint8Array(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number): this {
    this.room(1);
    this.buf[this.length++] = b;
    return this;
  }
  bytes(bs: ArrayLike<number>): this {
    this.room(bs.length);
    this.buf.set(bs, this.length);
    this.length += bs.length;
    return this;
  }
  /** Unsigned LEB128 (u32). */
  u32(n: number): this {
    n >>>= 0;
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      this.byte(b);
    } while (n !== 0);
    return this;
  }
  /** Signed LEB128 of an int32. */
  s32(n: number): this {
    n |= 0;
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }
  /** Signed LEB128 of an int64. */
  s64(v: bigint): this {
    v = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }
  f32(v: number): this {
    const a = new Uint8Array(4);
    new DataView(a.buffer).setFloat32(0, v, true);
    return this.bytes(a);
  }
  f64(v: number): this {
    const a = new Uint8Array(8);
    new DataView(a.buffer).setFloat64(0, v, true);
    return this.bytes(a);
  }
  /** A length-prefixed vector of bytes (a section body, a function body). */
  sized(inner: Bytes): this {
    this.u32(inner.length);
    return this.bytes(inner.view());
  }
  name(s: string): this {
    const enc = new TextEncoder().encode(s);
    this.u32(enc.length);
    return this.bytes(enc);
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface WasmFunction {
  type: FuncType;
  /** Local declarations after the params, as (count, type) runs. */
  locals: Array<[number, ValType]>;
  /** The instruction bytes, including the final `end`. */
  code: Bytes;
}

/**
 * A module of: an imported shared memory ("m"."mem", 65536 pages, the guest address space),
 * imported functions ("h".<name>), functions of its own, and exports of some of them by name.
 * Function indices count the imports first, as the spec does.
 */
export class ModuleBuilder {
  private types: FuncType[] = [];
  private typeKeys = new Map<string, number>();
  readonly imports: Array<{ name: string; type: number }> = [];
  private importIndex = new Map<string, number>();
  private funcs: Array<{ type: number; fn?: WasmFunction }> = [];
  private exports: Array<{ name: string; func: number }> = [];

  typeIndex(t: FuncType): number {
    const key = `${t.params.join(',')}>${t.results.join(',')}`;
    let i = this.typeKeys.get(key);
    if (i === undefined) {
      i = this.types.length;
      this.types.push(t);
      this.typeKeys.set(key, i);
    }
    return i;
  }

  /** The function index of import "h".name (added on first use). Imports must all come before declare(). */
  importFunc(name: string, t: FuncType): number {
    let i = this.importIndex.get(name);
    if (i === undefined) {
      if (this.funcs.length) throw new Error('imports must be added before local functions');
      i = this.imports.length;
      this.imports.push({ name, type: this.typeIndex(t) });
      this.importIndex.set(name, i);
    }
    return i;
  }

  /** Reserves the index of a local function whose body comes later through define(). */
  declare(t: FuncType): number {
    this.funcs.push({ type: this.typeIndex(t) });
    return this.imports.length + this.funcs.length - 1;
  }

  define(index: number, fn: WasmFunction): void {
    this.funcs[index - this.imports.length].fn = fn;
  }

  export(name: string, func: number): void {
    this.exports.push({ name, func });
  }

  bytes(): Uint8Array {
    const out = new Bytes().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, body: Bytes) => out.byte(id).sized(body);

    const types = new Bytes().u32(this.types.length);
    for (const t of this.types) {
      types.byte(0x60).u32(t.params.length);
      for (const p of t.params) types.byte(VALTYPE[p]);
      types.u32(t.results.length);
      for (const r of t.results) types.byte(VALTYPE[r]);
    }
    section(1, types);

    const imports = new Bytes().u32(this.imports.length + 1);
    // The guest memory: shared, 65536 pages at least and at most (limits flag 3 = shared + max).
    imports.name('m').name('mem').byte(0x02).byte(0x03).u32(65536).u32(65536);
    for (const imp of this.imports) imports.name('h').name(imp.name).byte(0x00).u32(imp.type);
    section(2, imports);

    const funcs = new Bytes().u32(this.funcs.length);
    for (const f of this.funcs) funcs.u32(f.type);
    section(3, funcs);

    const exports = new Bytes().u32(this.exports.length);
    for (const e of this.exports) exports.name(e.name).byte(0x00).u32(e.func);
    section(7, exports);

    const code = new Bytes().u32(this.funcs.length);
    for (const f of this.funcs) {
      if (!f.fn) throw new Error('function declared but not defined');
      const body = new Bytes().u32(f.fn.locals.length);
      for (const [n, t] of f.fn.locals) body.u32(n).byte(VALTYPE[t]);
      body.bytes(f.fn.code.view());
      code.sized(body);
    }
    section(10, code);
    return out.view();
  }
}

const OP_NAMES = new Map<number, string>(
  Object.entries(Op).map(([k, v]) => [v, /^(i32|i64|f32|f64|local)_/.test(k) ? k.replace('_', '.') : k]),
);

/**
 * Text of a module this writer made (for -d out_asm): each function's locals and instructions in
 * the text format's flat syntax, calls of imports named. Only the opcodes in `Op` are known.
 */
export function disassembleWasm(bytes: Uint8Array): string {
  let p = 8;
  const u32 = (): number => {
    let r = 0, shift = 0, b: number;
    do {
      b = bytes[p++];
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  const sleb = (): bigint => {
    let r = 0n, shift = 0n, b: number;
    do {
      b = bytes[p++];
      r |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (b & 0x40) r -= 1n << shift;
    return r;
  };
  const str = (): string => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const typeName = (t: number) => Object.entries(VALTYPE).find(([, v]) => v === t)?.[0] ?? (t === EMPTY ? '' : `0x${t.toString(16)}`);
  const funcNames: string[] = [];
  const out: string[] = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u32();
    const end = p + size;
    if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        const mod = str(), name = str(), kind = bytes[p++];
        if (kind === 0) {
          u32();
          funcNames.push(`$${mod}.${name}`);
        } else if (kind === 2) {
          const flags = bytes[p++];
          u32();
          if (flags & 1) u32();
        }
      }
    } else if (id === 10) {
      const count = u32();
      for (let f = 0; f < count; f++) {
        const bodyEnd = u32() + p;
        const index = funcNames.length + f;
        const locals: string[] = [];
        for (let n = u32(); n > 0; n--) {
          const k = u32();
          locals.push(`${k} x ${typeName(bytes[p++])}`);
        }
        out.push(`(func ${index}  ;; locals: ${locals.join(', ') || 'none'}`);
        let depth = 1;
        while (p < bodyEnd) {
          const o = bytes[p++];
          const name = OP_NAMES.get(o) ?? `op_0x${o.toString(16)}`;
          if (o === Op.end || o === Op.else || o === Op.catch_all) depth--;
          let imm = '';
          if (o === Op.block || o === Op.loop || o === Op.if || o === Op.try) imm = typeName(bytes[p++]);
          else if (o === Op.br || o === Op.br_if || o === Op.local_get || o === Op.local_set || o === Op.local_tee || o === Op.rethrow) imm = String(u32());
          else if (o === Op.call) {
            const i = u32();
            imm = funcNames[i] ?? String(i);
          } else if (o === Op.br_table) {
            const targets: number[] = [];
            for (let n = u32() + 1; n > 0; n--) targets.push(u32());
            imm = targets.join(' ');
          } else if (o >= Op.i32_load && o <= Op.i64_store32) {
            u32();
            imm = `offset=0x${u32().toString(16)}`;
          } else if (o === Op.i32_const || o === Op.i64_const) imm = String(sleb());
          else if (o === Op.f32_const) {
            imm = String(new DataView(bytes.buffer, bytes.byteOffset + p, 4).getFloat32(0, true));
            p += 4;
          } else if (o === Op.f64_const) {
            imm = String(new DataView(bytes.buffer, bytes.byteOffset + p, 8).getFloat64(0, true));
            p += 8;
          }
          if (depth >= 0) out.push('  '.repeat(Math.max(depth, 0)) + (imm ? `${name} ${imm}` : name));
          if (o === Op.block || o === Op.loop || o === Op.if || o === Op.try || o === Op.else || o === Op.catch_all) depth++;
        }
        out.push(')');
      }
    }
    p = end;
  }
  return out.join('\n');
}
