// `-d item,item` logging to stderr or to the `-D` file, as qemu does.
import { closeSync, openSync, writeSync } from 'node:fs';

export const LOG_ITEMS: Record<string, string> = {
  in_asm: 'show guest code of each block as it is translated',
  out_asm: 'show the generated JavaScript of each block',
  op: 'show the IR of each block',
  op_opt: 'show the IR after optimization',
  exec: 'show each block as it is executed',
  cpu: 'show the CPU registers before each block (implies exec)',
  unimp: 'log unimplemented syscalls and instructions (once each)',
  strace: 'log syscalls (same as -strace)',
  jit: 'print JIT statistics at exit (blocks, compile time, invalidations)',
  page: 'log guest memory mappings at start',
};

export class Logger {
  private items = new Set<string>();
  private fd = 2;
  private seen = new Set<string>();

  /** `append`: a forked or exec'd tsemu goes on writing its parent's log, as qemu's child does. */
  constructor(items: string[] = [], file?: string, append = false) {
    for (const i of items) this.items.add(i);
    if (this.items.has('cpu')) this.items.add('exec');
    if (file) this.fd = openSync(file, append ? 'a' : 'w');
  }
  enabled(item: string): boolean {
    return this.items.has(item);
  }
  enable(item: string): void {
    this.items.add(item);
  }
  write(text: string): void {
    writeSync(this.fd, text);
  }
  /** Log a message once per key (unimplemented things). */
  once(item: string, key: string, text: string): void {
    if (!this.items.has(item) || this.seen.has(key)) return;
    this.seen.add(key);
    this.write(text);
  }
  close(): void {
    if (this.fd > 2) closeSync(this.fd);
    this.fd = 2;
  }
}
