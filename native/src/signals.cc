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
constexpr int kMaxSig = 65;
constexpr int kInfoBase = 4;
constexpr size_t kRecordWords = kInfoBase + 4 * kMaxSig;

int32_t* g_record = nullptr;
int32_t* g_irq = nullptr;

void Catcher(int sig, siginfo_t* si, void*) {
  if (!g_record || sig <= 0 || sig >= kMaxSig) return;
  int32_t* info = g_record + kInfoBase + 4 * sig;
  info[0] = si->si_code;
  info[1] = si->si_pid;
  info[2] = static_cast<int32_t>(si->si_uid);
  info[3] = sig == SIGCHLD ? si->si_status : si->si_value.sival_int;
  __atomic_fetch_or(&g_record[sig >> 5], 1u << (sig & 31), __ATOMIC_SEQ_CST);
  if (g_irq) __atomic_store_n(g_irq, 1, __ATOMIC_SEQ_CST);
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
    Napi::TypeError::New(info.Env(), "signalInit(record Int32Array(>=264), irq Int32Array)").ThrowAsJavaScriptException();
    return {};
  }
  g_record = record;
  g_irq = irq;
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
                              __atomic_load_n(&g_record[2], __ATOMIC_SEQ_CST)) != 0;
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
  fn("setitimer", Setitimer); fn("getitimer", Getitimer); fn("alarm", Alarm);
}

}  // namespace tsemu
