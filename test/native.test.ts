import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { native, nativeUnavailableReason, requireNative, type NativeAddon } from '../src/runtime/native.ts';

const E = osConstants.errno;
const title = native ? 'native addon' : `native addon (skipped: ${nativeUnavailableReason})`;
if (!native) console.warn(`test/native.test.ts skipped: ${nativeUnavailableReason}`);

describe.skipIf(!native)(title, () => {
  const n = native as NativeAddon;
  const c = n?.constants;
  const opened: number[] = [];

  // Opens a pipe and remembers its ends for closing after the test.
  function pipe(flags = 0): [number, number] {
    const r = n.pipe2(flags);
    if (typeof r === 'number') throw new Error(`pipe2 failed: ${r}`);
    opened.push(...r);
    return r;
  }
  const track = (fd: number): number => (fd >= 0 && opened.push(fd), fd);

  afterEach(() => {
    for (const fd of opened.splice(0)) n.close(fd);
  });

  it('requireNative returns the loaded addon', () => {
    expect(requireNative('test')).toBe(native);
  });

  it('extended attributes: a missing one is -ENODATA; set, get, list and remove round trip (or -EOPNOTSUPP where the file system has none)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsemu-xattr-'));
    const file = join(dir, 'f');
    writeFileSync(file, 'x');
    try {
      const empty = new Uint8Array(0);
      expect(n.getxattr(file, -1, 'user.tsemu', empty, 0, 0, 0)).toBe(-E.ENODATA);
      expect(n.getxattr(join(dir, 'missing'), -1, 'user.tsemu', empty, 0, 0, 1)).toBe(-E.ENOENT);
      const value = new TextEncoder().encode('hello');
      const r = n.setxattr(file, -1, 'user.tsemu', value, 0, value.length, 0, 0);
      if (r === -E.EOPNOTSUPP) return; // this file system keeps no user attributes: only the error paths above are checked
      expect(r).toBe(0);
      expect(n.getxattr(file, -1, 'user.tsemu', empty, 0, 0, 0)).toBe(5); // size query
      const buf = new Uint8Array(8);
      expect(n.getxattr(file, -1, 'user.tsemu', buf, 1, 7, 1)).toBe(5);
      expect(new TextDecoder().decode(buf.subarray(1, 6))).toBe('hello');
      const list = new Uint8Array(64);
      const len = n.listxattr(file, -1, list, 0, 64, 0);
      expect(new TextDecoder().decode(list.subarray(0, len)).split('\0')).toContain('user.tsemu');
      expect(n.removexattr(file, -1, 'user.tsemu', 0)).toBe(0);
      expect(n.getxattr(file, -1, 'user.tsemu', buf, 0, 8, 0)).toBe(-E.ENODATA);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pipe2 round trip through write and read', () => {
    const [r, w] = pipe(c.O_CLOEXEC);
    const out = new TextEncoder().encode('xxhello');
    expect(n.write(w, out, 2, 5)).toBe(5);
    const buf = new Uint8Array(16);
    expect(n.read(r, buf, 3, 10)).toBe(5);
    expect(new TextDecoder().decode(buf.subarray(3, 8))).toBe('hello');
  });

  it('reads into and writes from views of shared guest memory', () => {
    const [r, w] = pipe();
    const mem = new Uint8Array(new SharedArrayBuffer(0x10000)); // as WebAssembly.Memory({ shared: true }) gives
    mem.set([1, 2, 3], 0x1000);
    expect(n.write(w, mem, 0x1000, 3)).toBe(3);
    expect(n.read(r, mem, 0xfffd, 3)).toBe(3);
    expect([...mem.subarray(0xfffd)]).toEqual([1, 2, 3]);
  });

  it('gives -EFAULT for a range outside the buffer instead of touching memory', () => {
    const [r, w] = pipe();
    const buf = new Uint8Array(8);
    expect(n.write(w, buf, 4, 5)).toBe(-E.EFAULT);
    expect(n.read(r, buf, -1, 1)).toBe(-E.EFAULT);
    expect(n.read(r, buf, 9, 0)).toBe(-E.EFAULT);
  });

  it('pread and pwrite on a pipe give -ESPIPE', () => {
    const [r, w] = pipe();
    expect(n.pwrite(w, new Uint8Array(1), 0, 1, 2 ** 40)).toBe(-E.ESPIPE);
    expect(n.pread(r, new Uint8Array(1), 0, 1, 0)).toBe(-E.ESPIPE);
  });

  it('dup and dup3 share the pipe and honour O_CLOEXEC', () => {
    const [r, w] = pipe();
    const w2 = track(n.dup(w));
    expect(w2).toBeGreaterThan(2);
    expect(n.fcntl(w2, c.F_GETFD, 0)).toBe(0);
    const target = w2 + 10;
    expect(track(n.dup3(r, target, c.O_CLOEXEC))).toBe(target);
    expect(n.fcntl(target, c.F_GETFD, 0)).toBe(c.FD_CLOEXEC);
    expect(n.dup3(r, r, 0)).toBe(-E.EINVAL);
    expect(n.write(w2, new Uint8Array([42]), 0, 1)).toBe(1);
    const buf = new Uint8Array(1);
    expect(n.read(target, buf, 0, 1)).toBe(1);
    expect(buf[0]).toBe(42);
  });

  it('fcntl reads and sets fd and status flags', () => {
    const [r] = pipe(c.O_CLOEXEC);
    expect(n.fcntl(r, c.F_GETFD, 0)).toBe(c.FD_CLOEXEC);
    expect(n.fcntl(r, c.F_SETFD, 0)).toBe(0);
    expect(n.fcntl(r, c.F_GETFD, 0)).toBe(0);
    expect(n.fcntl(r, c.F_GETFL, 0) & c.O_NONBLOCK).toBe(0);
    expect(n.fcntl(r, c.F_SETFL, c.O_NONBLOCK)).toBe(0);
    expect(n.fcntl(r, c.F_GETFL, 0) & c.O_NONBLOCK).toBe(c.O_NONBLOCK);
    // Non-blocking read of an empty pipe.
    expect(n.read(r, new Uint8Array(1), 0, 1)).toBe(-E.EAGAIN);
    const dupd = track(n.fcntl(r, c.F_DUPFD_CLOEXEC, 100));
    expect(dupd).toBeGreaterThanOrEqual(100);
    expect(n.fcntl(dupd, c.F_GETFD, 0)).toBe(c.FD_CLOEXEC);
    // Pointer-argument commands (F_GETLK is 5 on every Linux host) are refused.
    expect(n.fcntl(r, 5, 0)).toBe(-E.EINVAL);
  });

  it('poll reports readiness on a pipe and keeps the requested events', () => {
    const [r, w] = pipe();
    const fds = new Int32Array([r, c.POLLIN, w, c.POLLOUT]);
    expect(n.poll(fds, 0)).toBe(1);
    expect(fds[1]! >>> 16).toBe(0);
    expect(fds[3]! >>> 16).toBe(c.POLLOUT);
    expect(n.write(w, new Uint8Array([7]), 0, 1)).toBe(1);
    expect(n.poll(fds, 1000)).toBe(2);
    expect(fds[1]! >>> 16).toBe(c.POLLIN);
    expect(fds[1]! & 0xffff).toBe(c.POLLIN);
    n.close(w);
    opened.splice(opened.indexOf(w), 1);
    expect(n.poll(new Int32Array([r, c.POLLIN]), 0)).toBe(1);
    const closed = new Int32Array([w, c.POLLIN]);
    expect(n.poll(closed, 0)).toBe(1);
    expect(closed[1]! >>> 16).toBe(c.POLLNVAL);
  });

  it('ioctl FIONREAD counts bytes in a pipe; TCGETS on a pipe is -ENOTTY', () => {
    const [r, w] = pipe();
    expect(n.write(w, new Uint8Array(5), 0, 5)).toBe(5);
    const arg = new Uint8Array(4);
    expect(n.ioctl(r, c.FIONREAD, arg)).toBe(0);
    expect(new DataView(arg.buffer).getInt32(0, true)).toBe(5);
    expect(n.ioctl(r, c.FIONREAD, new Uint8Array(2))).toBe(-E.EFAULT);
    expect(n.ioctl(r, c.TCGETS, new Uint8Array(c.sizeofTermios))).toBe(-E.ENOTTY);
    // A number is not accepted where the kernel expects a pointer.
    expect(n.ioctl(r, c.TCGETS, 4096)).toBe(-E.ENOTTY);
  });

  it('isatty is 0 on a pipe and -EBADF on a closed fd', () => {
    const [r] = pipe();
    expect(n.isatty(r)).toBe(0);
    expect(n.isatty(100000)).toBe(-E.EBADF);
  });

  it('returns the negative errno for a bad fd (EBADF = -9)', () => {
    const buf = new Uint8Array(1);
    expect(n.read(100000, buf, 0, 1)).toBe(-9);
    expect(n.write(100000, buf, 0, 1)).toBe(-E.EBADF);
    expect(n.close(100000)).toBe(-E.EBADF);
    expect(n.dup(100000)).toBe(-E.EBADF);
    expect(n.fcntl(100000, c.F_GETFL, 0)).toBe(-E.EBADF);
  });

  it('throws TypeError for wrong argument types (a caller bug, not a guest error)', () => {
    expect(() => n.read('0' as unknown as number, new Uint8Array(1), 0, 1)).toThrow(TypeError);
    expect(() => n.poll(new Int32Array(3), 0)).toThrow(TypeError);
  });

  it('process calls answer like the host', () => {
    expect(n.getppid()).toBe(process.ppid);
    expect(n.kill(process.pid, 0)).toBe(0);
    expect(n.getpgrp()).toBe(n.getpgid(0));
    const old = n.umask(0o027);
    expect(n.umask(old)).toBe(0o027);
    const nofile = n.getrlimit(7); // RLIMIT_NOFILE on x86-64 and arm64 hosts
    expect(Array.isArray(nofile)).toBe(true);
    const mask = new Uint8Array(128);
    const bytes = n.sched_getaffinity(0, mask);
    expect(bytes).toBeGreaterThan(0);
    expect(mask.subarray(0, bytes).some((b) => b !== 0)).toBe(true);
  });
});
