// The ARMv8.0 cryptographic extension: AES rounds and mix columns, SHA-1 and SHA-256 hash updates
// and schedule updates (helpers in simd-helpers.ts; SHA1H is a rotate in IR).
import type { A64Lifter } from './lifter.ts';
import { type Row, row } from './table.ts';

const q4 = (L: A64Lifter, n: number) => [L.vlo(n), L.vhi(n)];
const setAll = (L: A64Lifter, d: number, r: { lo: number; hi: number }) => L.setV(d, r.lo, r.hi);

const AES: [string, string][] = [['aese', '00100'], ['aesd', '00101'], ['aesmc', '00110'], ['aesimc', '00111']];
const SHA3: [string, string][] = [['sha1c', '000'], ['sha1p', '001'], ['sha1m', '010'], ['sha1su0', '011'], ['sha256h', '100'], ['sha256h2', '101'], ['sha256su1', '110']];
const SHA2: [string, string][] = [['sha1h', '00000'], ['sha1su1', '00001'], ['sha256su0', '00010']];

export const simdCryptoRows: Row[] = [
  ...AES.map(([name, opc]) => row(name, `010011100010100${opc}10nnnnnddddd`, (L, f) => {
    const args = name === 'aese' || name === 'aesd' ? [...q4(L, f.n), ...q4(L, f.d)] : q4(L, f.n);
    setAll(L, f.d, L.vecCall(`sv_${name}`, args));
  }, (f) => `${name}\tv${f.d}.16b, v${f.n}.16b`)),
  ...SHA3.map(([name, opc], kind) => row(name, `01011110000mmmmm0${opc}00nnnnnddddd`, (L, f) => {
    let r;
    if (kind < 3) r = L.vecCall('sv_sha1hash', [L.i32(kind), ...q4(L, f.d), L.b.un('lo64', L.vlo(f.n)), ...q4(L, f.m)]);
    else if (name === 'sha256h') r = L.vecCall('sv_sha256hash', [L.i32(1), ...q4(L, f.d), ...q4(L, f.n), ...q4(L, f.m)]);
    else if (name === 'sha256h2') r = L.vecCall('sv_sha256hash', [L.i32(0), ...q4(L, f.n), ...q4(L, f.d), ...q4(L, f.m)]);
    else r = L.vecCall(`sv_${name}`, [...q4(L, f.d), ...q4(L, f.n), ...q4(L, f.m)]);
    setAll(L, f.d, r);
  }, (f) => (kind < 3 ? `${name}\tq${f.d}, s${f.n}, v${f.m}.4s`
    : name.startsWith('sha256h') ? `${name}\tq${f.d}, q${f.n}, v${f.m}.4s`
    : `${name}\tv${f.d}.4s, v${f.n}.4s, v${f.m}.4s`))),
  ...SHA2.map(([name, opc]) => row(name, `010111100010100${opc}10nnnnnddddd`, (L, f) => {
    if (name === 'sha1h') return L.setV32(f.d, L.b.bin('rotl', L.b.un('lo64', L.vlo(f.n)), L.i32(30)));
    setAll(L, f.d, L.vecCall(`sv_${name}`, [...q4(L, f.d), ...q4(L, f.n)]));
  }, (f) => (name === 'sha1h' ? `sha1h\ts${f.d}, s${f.n}` : `${name}\tv${f.d}.4s, v${f.n}.4s`))),
];
