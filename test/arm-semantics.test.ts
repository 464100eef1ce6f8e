// ARM integer semantics against qemu-arm: test/fixtures/arm-semantics/armflags.c runs data
// processing with flags (ADDS/SUBS/ADCS/SBCS/RSBS, register shifts by 0, 1, 31, 32, 33, 255, 256),
// saturating, parallel (GE), dual and long multiplies, divides by zero and SSAT/USAT/RBIT over edge
// values, each result hashed with the APSR after it. Built -marm and -mthumb; bin/tsemu-arm (the
// built dist) must print what qemu-arm prints. Skipped without the cross compiler or qemu-arm.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { haveCommand } from './helpers/have.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HAVE = haveCommand('arm-linux-gnueabihf-gcc') && haveCommand('qemu-arm');
const dir = mkdtempSync(join(tmpdir(), 'arm-sem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAVE)('ARM integer semantics vs qemu-arm' + (HAVE ? '' : ' (skipped: arm-linux-gnueabihf-gcc or qemu-arm missing)'), () => {
  for (const mode of ['arm', 'thumb']) {
    test(`armflags -m${mode}`, () => {
      const exe = join(dir, `armflags.${mode}`);
      execFileSync('arm-linux-gnueabihf-gcc', ['-O1', '-static', '-march=armv7ve+fp', `-m${mode}`, '-o', exe, join(root, 'test/fixtures/arm-semantics/armflags.c')]);
      const q = spawnSync('qemu-arm', [exe], { encoding: 'utf8' });
      const t = spawnSync(join(root, 'bin/tsemu-arm'), [exe], { encoding: 'utf8' });
      expect(q.stdout).toContain('hash');
      expect(t.stdout).toBe(q.stdout);
      expect(t.status).toBe(q.status);
    }, 60_000);
  }
});
