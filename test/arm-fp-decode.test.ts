// The VFP/NEON disassembler against GNU objdump: test/fixtures/arm-fp/objdump.txt holds
// "word<TAB>text" lines that arm-linux-gnueabihf-objdump -d printed for vfp.s, neon.s and
// neon-ls.s in the same folder (assembled with -mfpu=neon-vfpv4). Every word must decode, lift
// without throwing, and print objdump's text (comments after "@" ignored). When the cross
// binutils are installed, the fixture is regenerated and must match the committed one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArmLifter } from '../src/arch/arm/lifter.ts';
import { disassembleVfpNeon, liftVfpNeon } from '../src/arch/arm/vfp.ts';

const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'test/fixtures/arm-fp');
const SOURCES = ['vfp.s', 'neon.s', 'neon-ls.s'];

function parse(text: string): { word: number; text: string }[] {
  return text.split('\n').filter((l) => l).map((l) => {
    const [w, ...rest] = l.split('\t');
    return { word: parseInt(w, 16), text: rest.join('\t') };
  });
}
const strip = (s: string) => s.replace(/\s*@.*$/, '').replace(/\t/g, ' ').trim();

const entries = parse(readFileSync(join(dir, 'objdump.txt'), 'utf8'));

describe('VFP/NEON disassembly vs objdump', () => {
  it('prints every fixture word as objdump does', () => {
    const bad: string[] = [];
    for (const e of entries) {
      const ours = disassembleVfpNeon(e.word, 0);
      if (ours === undefined || strip(ours) !== strip(e.text)) bad.push(`${e.word.toString(16)}: ours "${ours}" objdump "${e.text}"`);
    }
    expect(bad).toEqual([]);
    expect(entries.length).toBeGreaterThan(250);
  });
  it('lifts every fixture word', () => {
    const bad: string[] = [];
    for (const e of entries) {
      const L = new ArmLifter(0x10000, false);
      L.pc = 0x10000;
      try {
        if (!liftVfpNeon(L, e.word)) bad.push(`${e.word.toString(16)} ${e.text}: not lifted`);
        else if (L.exit?.k === 'trap' && !/fpexc|fpsid/.test(e.text)) bad.push(`${e.word.toString(16)} ${e.text}: lifted as undefined`);
      } catch (err) {
        bad.push(`${e.word.toString(16)} ${e.text}: ${(err as Error).message}`);
      }
    }
    expect(bad).toEqual([]);
  });
  const hasBinutils = (() => {
    try {
      execFileSync('arm-linux-gnueabihf-as', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasBinutils)('the fixture is what the installed binutils print (skipped without arm-linux-gnueabihf binutils)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'armfp-'));
    let out = '';
    for (const s of SOURCES) {
      const obj = join(tmp, s + '.o');
      execFileSync('arm-linux-gnueabihf-as', ['-o', obj, join(dir, s)]);
      const dump = execFileSync('arm-linux-gnueabihf-objdump', ['-d', obj], { encoding: 'utf8' });
      for (const l of dump.split('\n')) {
        const m = /^ +[0-9a-f]+:\t(.*)$/.exec(l);
        if (m) out += m[1] + '\n';
      }
    }
    expect(existsSync(join(dir, 'objdump.txt'))).toBe(true);
    expect(out.replace(/ \t/g, '\t')).toBe(readFileSync(join(dir, 'objdump.txt'), 'utf8').replace(/ \t/g, '\t'));
  });
});
