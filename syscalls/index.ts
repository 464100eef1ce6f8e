// All syscall implementations by name; the kernel dispatches to them by the arch's number table.
import { epollSyscalls } from './epoll.ts';
import { fsSyscalls } from './fs.ts';
import type { SyscallImpl } from './kernel.ts';
import { mmSyscalls } from './mm.ts';
import { procSyscalls } from './proc.ts';
import { pollSyscalls } from './poll.ts';
import { processSyscalls } from './process.ts';
import { signalSyscalls } from './signals.ts';
import { signalfdSyscalls } from './signalfd.ts';
import { timerSyscalls } from './timers.ts';
import { threadSyscalls } from '../src/runtime/threads.ts';

export const syscallImpls: Record<string, SyscallImpl> = { ...fsSyscalls, ...mmSyscalls, ...procSyscalls, ...signalSyscalls, ...pollSyscalls, ...processSyscalls, ...threadSyscalls, ...epollSyscalls, ...timerSyscalls, ...signalfdSyscalls };
