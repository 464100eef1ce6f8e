// Host signals for the guest (DESIGN.md 6). The guest's signal dispositions are mirrored onto the
// host's: a guest handler becomes this file's catcher, which records the signal (and who sent it)
// in a shared Int32Array and raises the running CPU's interrupt word, so generated code returns to
// the dispatcher and the TypeScript signal core delivers it. The catcher is installed without
// SA_RESTART, so a blocking host call returns EINTR and the core decides about restarting, as
// Linux does. Conventions as in tsemu_native.cc.
//
// This file has process-global state by necessity (a signal handler has no other way to find its
// destination): one record array and one interrupt word per process.
#include "args.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <vector>

namespace tsemu {
namespace {

// Layout of the record array (Int32Array, >= RECORD_WORDS):
//   [0], [1], [2]: pending host signals 1..95 as bits (word = sig >> 5, bit = sig & 31)
//   [3]: set by the scheduling ticker
//   [4 + 4*sig ...]: si_code, si_pid, si_uid, si_status/si_int of the latest instance of sig
//   [264]: set when a guest POSIX timer fired
//   [265 + slot]: expirations of timer slot not yet taken; [521 + slot]: its latest si_overrun
constexpr int kMaxSig = 65;
constexpr int kInfoBase = 4;
constexpr int kTimerSlots = 256;
constexpr int kTimerFlag = kInfoBase + 4 * kMaxSig;
constexpr int kTimerCount = kTimerFlag + 1;
constexpr int kTimerOverrun = kTimerCount + kTimerSlots;
constexpr size_t kRecordWords = kTimerOverrun + kTimerSlots;
// Guest POSIX timers are host timers that all notify with this signal, their slot in sival_int:
// the guest's own signal and target thread are applied by the TypeScript side (syscalls/timers.ts).
// Host signals 32 and 33 are the host glibc's own, so the guest's SIGRTMIN+0/1 could not be used.
const int kTimerSignal = SIGRTMAX;

int32_t* g_record = nullptr;
int32_t* g_irq = nullptr;

// The thread that runs the guest and waits in signalWait. A process-directed signal may land on
// any host thread that does not block it (Node's own threads do not); the catcher then also
// interrupts this thread, or it could sleep on in ppoll with the signal already recorded.
pid_t g_guest_tid = 0;

void WakeGuestThread() {
  if (g_guest_tid && static_cast<pid_t>(syscall(SYS_gettid)) != g_guest_tid)
    syscall(SYS_tgkill, getpid(), g_guest_tid, kTimerSignal);
}

void Catcher(int sig, siginfo_t* si, void*) {
  if (!g_record || sig <= 0 || sig >= kMaxSig) return;
  int saved_errno = errno;
  // The wake-up of WakeGuestThread: it only had to interrupt a wait.
  if (sig == kTimerSignal && si->si_code == SI_TKILL && si->si_pid == getpid()) return;
  if (sig == kTimerSignal && si->si_code == SI_TIMER) {
    int slot = si->si_value.sival_int;
    if (slot >= 0 && slot < kTimerSlots) {
      __atomic_store_n(&g_record[kTimerOverrun + slot], si->si_overrun, __ATOMIC_SEQ_CST);
      __atomic_fetch_add(&g_record[kTimerCount + slot], 1, __ATOMIC_SEQ_CST);
      __atomic_store_n(&g_record[kTimerFlag], 1, __ATOMIC_SEQ_CST);
      if (g_irq) __atomic_store_n(g_irq, 1, __ATOMIC_SEQ_CST);
      WakeGuestThread();
    }
    errno = saved_errno;
    return;
  }
  int32_t* info = g_record + kInfoBase + 4 * sig;
  info[0] = si->si_code;
  info[1] = si->si_pid;
  info[2] = static_cast<int32_t>(si->si_uid);
  info[3] = sig == SIGCHLD ? si->si_status : si->si_value.sival_int;
  __atomic_fetch_or(&g_record[sig >> 5], 1u << (sig & 31), __ATOMIC_SEQ_CST);
  if (g_irq) __atomic_store_n(g_irq, 1, __ATOMIC_SEQ_CST);
  WakeGuestThread();
  errno = saved_errno;
}

int32_t* Int32Data(const Napi::Value& v, size_t minWords) {
  if (!v.IsTypedArray()) return nullptr;
  auto t = v.As<Napi::TypedArray>();
  if (t.TypedArrayType() != napi_int32_array || t.ElementLength() < minWords) return nullptr;
  // Data() of the typed array itself: its buffer may be a SharedArrayBuffer (guest memory).
  return v.As<Napi::Int32Array>().Data();
}

// signalInit(record: Int32Array, irq: Int32Array) -> 0. The arrays must stay alive (views of the
// guest memory or of a SharedArrayBuffer the runtime keeps).
Napi::Value SignalInit(const Napi::CallbackInfo& info) {
  int32_t* record = Int32Data(info[0], kRecordWords);
  int32_t* irq = Int32Data(info[1], 1);
  if (!record || !irq) {
    Napi::TypeError::New(info.Env(), "signalInit(record Int32Array(>=777), irq Int32Array)").ThrowAsJavaScriptException();
    return {};
  }
  g_record = record;
  g_irq = irq;
  g_guest_tid = static_cast<pid_t>(syscall(SYS_gettid));
  // The guest timers' signal is always caught (the TypeScript side never mirrors it).
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigfillset(&sa.sa_mask);
  sa.sa_sigaction = Catcher;
  sa.sa_flags = SA_SIGINFO;
  sigaction(kTimerSignal, &sa, nullptr);
  return Num(info.Env(), 0);
}

// signalSetIrq(irq: Int32Array) -> 0: the interrupt word of the CPU that now runs.
Napi::Value SignalSetIrq(const Napi::CallbackInfo& info) {
  int32_t* irq = Int32Data(info[0], 1);
  if (!irq) {
    Napi::TypeError::New(info.Env(), "signalSetIrq(irq Int32Array)").ThrowAsJavaScriptException();
    return {};
  }
  __atomic_store_n(&g_irq, irq, __ATOMIC_SEQ_CST);
  return Num(info.Env(), 0);
}

// signalDisposition(sig, mode) -> 0 | -errno. mode 0: SIG_DFL, 1: SIG_IGN, 2: catch.
Napi::Value SignalDisposition(const Napi::CallbackInfo& info) {
  Args a(info);
  int sig = a.Int(0), mode = a.Int(1);
  if (!a.ok()) return {};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigfillset(&sa.sa_mask);
  if (mode == 2) {
    sa.sa_sigaction = Catcher;
    sa.sa_flags = SA_SIGINFO;  // no SA_RESTART: blocking calls return EINTR
  } else {
    sa.sa_handler = mode == 1 ? SIG_IGN : SIG_DFL;
  }
  return Result(a.env(), sigaction(sig, &sa, nullptr));
}

// signalWait(timeoutMs, fds?) -> as poll(2) on the optional Int32Array of (fd, events) pairs
// (revents in the high half of each events slot, as the addon's poll), 0 on timeout, or -EINTR
// when a caught signal arrived or had arrived already: the record is checked with signals blocked
// and then waited for atomically (ppoll with the old mask), so none is missed. timeoutMs < 0 waits
// forever.
Napi::Value SignalWait(const Napi::CallbackInfo& info) {
  Args a(info);
  double ms = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
  std::vector<struct pollfd> fds;
  Napi::Int32Array arr;
  if (info.Length() > 1 && info[1].IsTypedArray()) {
    if (info[1].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
        info[1].As<Napi::TypedArray>().ElementLength() % 2 != 0) {
      a.Fail(1, "an Int32Array of (fd, events) pairs");
      return {};
    }
    arr = info[1].As<Napi::Int32Array>();
    fds.resize(arr.ElementLength() / 2);
    for (size_t i = 0; i < fds.size(); i++) fds[i] = {arr[2 * i], static_cast<short>(arr[2 * i + 1] & 0xffff), 0};
  }
  if (!a.ok()) return {};
  sigset_t all, old;
  sigfillset(&all);
  sigdelset(&all, SIGSEGV); sigdelset(&all, SIGBUS); sigdelset(&all, SIGILL); sigdelset(&all, SIGFPE);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  bool pending = g_record && (__atomic_load_n(&g_record[0], __ATOMIC_SEQ_CST) |
                              __atomic_load_n(&g_record[1], __ATOMIC_SEQ_CST) |
                              __atomic_load_n(&g_record[2], __ATOMIC_SEQ_CST) |
                              __atomic_load_n(&g_record[kTimerFlag], __ATOMIC_SEQ_CST)) != 0;
  int r = 0;
  if (pending) {
    r = -EINTR;
  } else {
    struct timespec ts, *tp = nullptr;
    if (ms >= 0) {
      ts.tv_sec = static_cast<time_t>(ms / 1000);
      ts.tv_nsec = static_cast<long>((ms - ts.tv_sec * 1000.0) * 1e6);
      tp = &ts;
    }
    r = ppoll(fds.empty() ? nullptr : fds.data(), fds.size(), tp, &old);
    if (r < 0) r = -errno;
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (r >= 0)
    for (size_t i = 0; i < fds.size(); i++)
      arr[2 * i + 1] = (fds[i].events & 0xffff) | (static_cast<int32_t>(fds[i].revents & 0xffff) << 16);
  return Num(a.env(), r);
}

// setitimer(which, intervalUs, valueUs) -> [oldIntervalUs, oldValueUs] | -errno. which: ITIMER_*.
Napi::Value Setitimer(const Napi::CallbackInfo& info) {
  Args a(info);
  int which = a.Int(0);
  int64_t iv = a.Int64(1), v = a.Int64(2);
  if (!a.ok()) return {};
  struct itimerval nv, ov;
  nv.it_interval.tv_sec = iv / 1000000; nv.it_interval.tv_usec = iv % 1000000;
  nv.it_value.tv_sec = v / 1000000; nv.it_value.tv_usec = v % 1000000;
  if (setitimer(static_cast<__itimer_which>(which), &nv, &ov) < 0) return Num(a.env(), -errno);
  auto out = Napi::Array::New(a.env(), 2);
  out.Set(0u, Num(a.env(), ov.it_interval.tv_sec * 1e6 + ov.it_interval.tv_usec));
  out.Set(1u, Num(a.env(), ov.it_value.tv_sec * 1e6 + ov.it_value.tv_usec));
  return out;
}

// getitimer(which) -> [intervalUs, valueUs] | -errno.
Napi::Value Getitimer(const Napi::CallbackInfo& info) {
  Args a(info);
  int which = a.Int(0);
  if (!a.ok()) return {};
  struct itimerval cv;
  if (getitimer(static_cast<__itimer_which>(which), &cv) < 0) return Num(a.env(), -errno);
  auto out = Napi::Array::New(a.env(), 2);
  out.Set(0u, Num(a.env(), cv.it_interval.tv_sec * 1e6 + cv.it_interval.tv_usec));
  out.Set(1u, Num(a.env(), cv.it_value.tv_sec * 1e6 + cv.it_value.tv_usec));
  return out;
}

// alarm(seconds) -> seconds left of the previous alarm.
Napi::Value Alarm(const Napi::CallbackInfo& info) {
  Args a(info);
  int s = a.Int(0);
  if (!a.ok()) return {};
  return Num(a.env(), alarm(static_cast<unsigned>(s)));
}

// ---- guest POSIX timers (timer_create and friends) ----------------------------------------------

// A JS array [intervalSec, intervalNsec, valueSec, valueNsec] of an itimerspec.
Napi::Value ItimerspecArray(Napi::Env env, const struct itimerspec& t) {
  auto out = Napi::Array::New(env, 4);
  out.Set(0u, Num(env, static_cast<double>(t.it_interval.tv_sec)));
  out.Set(1u, Num(env, static_cast<double>(t.it_interval.tv_nsec)));
  out.Set(2u, Num(env, static_cast<double>(t.it_value.tv_sec)));
  out.Set(3u, Num(env, static_cast<double>(t.it_value.tv_nsec)));
  return out;
}

// timerCreate(clockid, slot, notify) -> host timer id | -errno. notify 0: none (SIGEV_NONE), 1: the
// timer signal with sival_int = slot.
Napi::Value TimerCreate(const Napi::CallbackInfo& info) {
  Args a(info);
  int clock = a.Int(0), slot = a.Int(1), notify = a.Int(2);
  if (!a.ok()) return {};
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  // Directed at the guest's host thread, where signalWait takes it without a wake-up hop.
  ev.sigev_notify = !notify ? SIGEV_NONE : g_guest_tid ? SIGEV_THREAD_ID : SIGEV_SIGNAL;
  ev._sigev_un._tid = g_guest_tid;
  ev.sigev_signo = kTimerSignal;
  ev.sigev_value.sival_int = slot;
  timer_t id;
  if (timer_create(static_cast<clockid_t>(clock), &ev, &id) < 0) return Num(a.env(), -errno);
  return Num(a.env(), static_cast<double>(reinterpret_cast<intptr_t>(id)));
}

timer_t TimerId(int64_t id) { return reinterpret_cast<timer_t>(static_cast<intptr_t>(id)); }

// timerSettime(id, flags, ivSec, ivNsec, vSec, vNsec) -> the old [ivSec, ivNsec, vSec, vNsec] | -errno.
Napi::Value TimerSettime(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t id = a.Int64(0);
  int flags = a.Int(1);
  struct itimerspec nv, ov;
  nv.it_interval.tv_sec = a.Int64(2);
  nv.it_interval.tv_nsec = a.Int64(3);
  nv.it_value.tv_sec = a.Int64(4);
  nv.it_value.tv_nsec = a.Int64(5);
  if (!a.ok()) return {};
  if (timer_settime(TimerId(id), flags, &nv, &ov) < 0) return Num(a.env(), -errno);
  return ItimerspecArray(a.env(), ov);
}

// timerGettime(id) -> [ivSec, ivNsec, vSec, vNsec] | -errno.
Napi::Value TimerGettime(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t id = a.Int64(0);
  if (!a.ok()) return {};
  struct itimerspec cv;
  if (timer_gettime(TimerId(id), &cv) < 0) return Num(a.env(), -errno);
  return ItimerspecArray(a.env(), cv);
}

// timerGetoverrun(id) -> overrun count | -errno.
Napi::Value TimerGetoverrun(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t id = a.Int64(0);
  if (!a.ok()) return {};
  return Result(a.env(), timer_getoverrun(TimerId(id)));
}

// timerDelete(id) -> 0 | -errno.
Napi::Value TimerDelete(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t id = a.Int64(0);
  if (!a.ok()) return {};
  return Result(a.env(), timer_delete(TimerId(id)));
}

// The scheduling ticker of green guest threads (src/runtime/threads.ts): a host thread that, every
// interval, raises the interrupt word with record word 3 set, so the dispatcher can switch threads
// even inside a loop that makes no syscall. The thread is started once and then only parks while
// the interval is 0: a thread that exited on stop could race a restart and leave none running.
pthread_mutex_t g_tick_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t g_tick_cond;
int g_tick_ms = 0;          // guarded by g_tick_lock
bool g_ticker_started = false;  // guarded by g_tick_lock

void* TickerMain(void*) {
  pthread_mutex_lock(&g_tick_lock);
  for (;;) {
    while (g_tick_ms <= 0) pthread_cond_wait(&g_tick_cond, &g_tick_lock);
    int ms = g_tick_ms;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += (ms % 1000) * 1000000L;
    until.tv_sec += ms / 1000 + until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    // Sleeps the interval unless re-timed or stopped meanwhile (then it starts over).
    int r = 0;
    while (r != ETIMEDOUT && g_tick_ms == ms) r = pthread_cond_timedwait(&g_tick_cond, &g_tick_lock, &until);
    if (r != ETIMEDOUT || g_tick_ms != ms) continue;
    if (g_record) __atomic_store_n(&g_record[3], 1, __ATOMIC_SEQ_CST);
    int32_t* irq = __atomic_load_n(&g_irq, __ATOMIC_SEQ_CST);
    if (irq) __atomic_store_n(irq, 1, __ATOMIC_SEQ_CST);
  }
  return nullptr;
}

// ticker(ms) -> 0 | -errno: ms > 0 starts (or re-times) the ticker, 0 stops it.
Napi::Value Ticker(const Napi::CallbackInfo& info) {
  Args a(info);
  int ms = a.Int(0);
  if (!a.ok()) return {};
  pthread_mutex_lock(&g_tick_lock);
  g_tick_ms = ms;
  int r = 0;
  if (ms > 0 && !g_ticker_started) {
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_tick_cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    // The ticker must not take signals meant for the guest: it blocks them all.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    r = pthread_create(&t, &attr, TickerMain, nullptr);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    pthread_attr_destroy(&attr);
    if (r == 0) g_ticker_started = true;
  } else if (g_ticker_started) {
    pthread_cond_signal(&g_tick_cond);
  }
  pthread_mutex_unlock(&g_tick_lock);
  return Num(a.env(), -r);
}

}  // namespace

void InitSignals(Napi::Env env, Napi::Object exports) {
  auto fn = [&](const char* name, Napi::Value (*f)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, f, name));
  };
  fn("signalInit", SignalInit); fn("signalSetIrq", SignalSetIrq);
  fn("signalDisposition", SignalDisposition); fn("signalWait", SignalWait);
  fn("ticker", Ticker);
  fn("setitimer", Setitimer);
  fn("timerCreate", TimerCreate); fn("timerSettime", TimerSettime); fn("timerGettime", TimerGettime);
  fn("timerGetoverrun", TimerGetoverrun); fn("timerDelete", TimerDelete); fn("getitimer", Getitimer); fn("alarm", Alarm);
}

}  // namespace tsemu
