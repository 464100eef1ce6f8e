// Runs one guest process: memory, CPU, kernel, loader, translator, and the dispatch loop that
// executes blocks and handles their exits (syscalls, traps, code flushes, faults).
import { randomBytes } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import { ARCHES } from '../arch/index.ts';
import { CpuState, GuestTrap } from '../arch/types.ts';
import type { Logger } from '../cli/log.ts';
import { loadProgram } from '../elf/load.ts';
import { makeHelpers, type Ret } from '../jit/helpers.ts';
import { EXIT_FLUSH, EXIT_INTERRUPT, EXIT_SYSCALL, EXIT_TRAP } from '../jit/js-backend.ts';
import { CACHE_MASK, type BlockFn, type RegionBackend, type Tier, Translator } from '../jit/translator.ts';
import { GuestFault, GuestMemory } from '../mem/memory.ts';
import { syscallImpls } from '../../syscalls/index.ts';
import { Kernel, ProcessExit } from '../../syscalls/kernel.ts';
import { activeVfork, vforkChildDied } from '../../syscalls/process.ts';
import { execInProcess } from './exec.ts';
import { readForkState } from './fork.ts';
import { native } from './native.ts';

export interface RunOptions {
  arch: string;
  exePath: string;
  argv: string[];
  env: string[];
  sysroot?: string;
  stackSize?: number;
  seed?: number;
  strace: boolean;
  unameRelease?: string;
  log: Logger;
  tier?: Tier;
  regions?: RegionBackend;
  /** Set in a forked child: the host fd holding the parent's state (src/runtime/fork.ts). */
  forkStateFd?: number;
}

/** Signal names as qemu prints them in "uncaught target signal". */
const SIGNAL_TEXT: Record<string, string> = {
  SIGSEGV: 'Segmentation fault', SIGILL: 'Illegal instruction', SIGTRAP: 'Trace/breakpoint trap', SIGABRT: 'Aborted',
  SIGBUS: 'Bus error', SIGFPE: 'Floating point exception', SIGKILL: 'Killed', SIGTERM: 'Terminated',
};
const CORE_SIGNALS = new Set(['SIGSEGV', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGQUIT', 'SIGSYS', 'SIGXCPU', 'SIGXFSZ']);

/** Deterministic AT_RANDOM bytes for -seed (xorshift), as qemu's -seed makes them repeatable. */
export function seededBytes(seed: number, n: number): Uint8Array {
  let x = seed >>> 0 || 0x9e3779b9;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Runs the guest to its end; returns the exit status or dies of the guest's signal. */
export function runGuest(o: RunOptions): number {
  const arch = ARCHES[o.arch]();
  const mem = new GuestMemory(arch.littleEndian);
  const cpu = new CpuState(arch.stateWords, mem);
  const kernel = new Kernel(arch, mem, cpu, o.log, { sysroot: o.sysroot, exePath: o.exePath, argv: o.argv, strace: o.strace, unameRelease: o.unameRelease }, syscallImpls);
  if (o.forkStateFd !== undefined) {
    // A forked child: memory, registers and kernel state come from the parent.
    readForkState(kernel, cpu, o.forkStateFd);
  } else {
    const image = loadProgram(kernel, arch, {
      exePath: o.exePath,
      argv: o.argv,
      env: o.env,
      sysroot: o.sysroot,
      stackSize: o.stackSize,
      random: o.seed !== undefined ? seededBytes(o.seed, 16) : randomBytes(16),
    });
    arch.initCpu(cpu, { entry: image.entry, sp: image.sp });
  }
  kernel.execImage = (path, argv, env) => {
    // A vfork child's execve starts a new process and the parent resumes with all its threads.
    const replacesImage = !activeVfork(kernel);
    execInProcess({ kernel, arch, cpu, mem, opts: o }, path, argv, env);
    // The new image has one thread, the one that called execve, with the process's id.
    if (kernel.sched && replacesImage) {
      kernel.sched.stop();
      kernel.sched = undefined;
      kernel.signals.currentTid = process.pid;
    }
  };
  const ret: Ret = { hi: 0 };
  const helpers = { ...makeHelpers(mem, ret), ...arch.makeHelpers(cpu, mem, ret) };
  const tr = new Translator(arch, cpu, mem, helpers, ret, o.log, o.tier, o.regions);
  kernel.flushCode = () => tr.flushAll();
  kernel.enableStrictMemory = () => tr.setStrictMemory(true);
  // A forked child restored its handlers before the translator existed.
  kernel.signals.strict = false;
  kernel.signals.checkStrict();
  const log = o.log;
  const traceExec = log.enabled('exec');
  const traceCpu = log.enabled('cpu');

  const signals = kernel.signals;
  signals.attachHost();
  const sigNum = kernel.tables.signalNumbers;
  const EINTR = kernel.errno.neg('EINTR');
  /** The usual si_code of a signal raised by an instruction when the raiser named none. */
  const defaultCode = (name: string): number => (name === 'SIGTRAP' || name === 'SIGILL' || name === 'SIGBUS' || name === 'SIGFPE' || name === 'SIGSEGV' ? 1 : 0);

  let status: ProcessExit;
  let pc = cpu.pc;
  for (;;) {
    try {
      if (traceExec) {
        for (;;) {
          if (traceCpu) log.write(arch.dumpCpu(Object.assign(cpu, { pc })));
          log.write(`Trace: [${pc.toString(16).padStart(16, '0')}]\n`);
          pc = tr.lookup(pc)();
          if (pc < 0) pc = handleExit();
        }
      } else {
        // tr.lookup inlined: this loop runs once per tier-1 block and once per region entry.
        const keys = tr.cacheKeys, fns = tr.cacheFns, heat = tr.cacheHeat, irq = cpu.irq;
        for (;;) {
          // Tier-1 code and side exits come back here: poll like a region's loop header does.
          if (irq[0] !== 0) {
            cpu.pc = pc;
            cpu.exitReason = EXIT_INTERRUPT;
            pc = handleExit();
          }
          const i = (pc >>> 1) & CACHE_MASK;
          let fn: BlockFn;
          if (keys[i] === pc) {
            fn = fns[i];
            if (--heat[i] === 0) fn = tr.hot(pc, i);
          } else fn = tr.miss(pc, i);
          pc = fn();
          if (pc < 0) pc = handleExit();
        }
      }
    } catch (e) {
      if (e instanceof ProcessExit) {
        // An in-process vfork child that died: the parent resumes; otherwise the process ends.
        if (vforkChildDied(kernel, e)) {
          kernel.skipResult = false; // finishVfork wrote the parent's result itself; no syscall is running
          pc = cpu.pc;
          continue;
        }
        status = e;
        break;
      }
      // Faults and run-time traps become synchronous guest signals (a handler, or death).
      // Region code has written its registers back before the exception reached here.
      try {
        if (e instanceof GuestFault) {
          cpu.pc = e.pc;
          signals.fault(sigNum.SIGSEGV, e.accessError ? 2 : 1, e.addr);
        } else if (e instanceof GuestTrap) {
          cpu.pc = e.pc;
          signals.fault(sigNum[e.signal], e.code || defaultCode(e.signal), e.addr ?? e.pc);
        } else throw e;
      } catch (e2) {
        if (e2 instanceof ProcessExit) {
          if (vforkChildDied(kernel, e2)) {
            kernel.skipResult = false;
            pc = cpu.pc;
            continue;
          }
          status = e2;
          break;
        }
        throw e2;
      }
      pc = cpu.pc;
    }
  }

  function handleExit(): number {
    switch (cpu.exitReason) {
      case EXIT_SYSCALL:
        kernel.syscall();
        // Signals the syscall raised, or that interrupted it, are delivered on its way out.
        if (cpu.irq[0] !== 0 || kernel.lastSyscall.result === EINTR) signals.deliverPending(kernel.lastSyscall);
        break;
      case EXIT_TRAP: {
        cpu.exitReason = 0;
        const name = kernel.tables.signalNames[cpu.trapSignal] ?? 'SIGILL';
        signals.fault(cpu.trapSignal, cpu.trapCode || defaultCode(name), cpu.trapAddr);
        break;
      }
      case EXIT_FLUSH:
        tr.flushAll();
        break;
      case EXIT_INTERRUPT:
        // A region noticed the interrupt word at a loop header, or the dispatcher did: signals,
        // and the time slice of green threads.
        signals.deliverPending();
        kernel.sched?.onInterrupt();
        break;
    }
    cpu.exitReason = 0;
    return cpu.pc;
  }

  if (log.enabled('jit')) log.write(tr.summary());
  if (status.signal !== undefined) {
    const name = kernel.tables.signalNames[status.signal] ?? `SIG${status.signal}`;
    // qemu-user prints this only for the signals that dump core (not for SIGTERM, SIGKILL...).
    if (CORE_SIGNALS.has(name)) {
      log.write(`tsemu: uncaught target signal ${status.signal} (${SIGNAL_TEXT[name] ?? name})${CORE_SIGNALS.has(name) ? ' - core dumped' : ''}\n`);
    }
    log.close();
    const hostSig = (osConstants.signals as Record<string, number>)[name];
    if (hostSig !== undefined) {
      if (native) native.dieBySignal(hostSig);
      else process.kill(process.pid, name as NodeJS.Signals);
    }
    return 128 + status.signal;
  }
  log.close();
  return status.code;
}
