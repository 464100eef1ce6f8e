// Assembles a fixture with a cross assembler and lists what the cross objdump prints for each
// 32-bit instruction word: the reference the decoder tests compare tsemu's disassembly against.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DumpedInsn {
  addr: number;
  raw: number;
  text: string;
}

/**
 * `triple`-as with `asFlags` on a source file (or on text), then `triple`-objdump -d: one entry per
 * instruction word.
 */
export function assembleAndDump(triple: string, asFlags: string[], source: { file?: string; text?: string }): DumpedInsn[] {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-objdump-'));
  try {
    const obj = join(dir, 'x.o');
    let src = source.file;
    if (src === undefined) writeFileSync((src = join(dir, 'x.s')), source.text ?? '');
    execFileSync(`${triple}-as`, [...asFlags, '-o', obj, src], { stdio: ['ignore', 'ignore', 'pipe'] });
    const out = execFileSync(`${triple}-objdump`, ['-d', obj], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const lines: DumpedInsn[] = [];
    for (const l of out.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t([0-9a-f]{8})\s*\t(.*)$/.exec(l);
      if (m) lines.push({ addr: parseInt(m[1]!, 16), raw: parseInt(m[2]!, 16), text: m[3]! });
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
