// Whether a host tool (cross compiler, binutils, qemu) is installed: tests that need one skip with a reason without it.
import { spawnSync } from 'node:child_process';

export function haveCommand(cmd: string, args: string[] = ['--version']): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}
