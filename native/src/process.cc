// Processes (DESIGN.md 6): starting host processes with the guest's descriptors at their guest
// numbers, replacing this process with a host program, children that only carry an exit status,
// waiting with the host's status words and rusage, and moving guest memory through a file for
// fork. Conventions as in tsemu_native.cc: numbers back, -errno on failure, TypeError for a bad
// argument type. Policy (which fds, which signals, guest numbering) stays in TypeScript.
#include "args.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

namespace tsemu {
namespace {

constexpr size_t kPage = 4096;
constexpr int kMaxHostSignal = 64;

// An array of strings (argv, envp) as a NULL-terminated char* vector over owned storage.
class CStrings {
 public:
  bool Read(Args& a, const Napi::CallbackInfo& info, size_t i) {
    if (!info[i].IsArray()) {
      a.Fail(i, "an array of strings");
      return false;
    }
    auto arr = info[i].As<Napi::Array>();
    for (uint32_t j = 0; j < arr.Length(); j++) {
      Napi::Value v = arr.Get(j);
      if (v.IsString()) {
        store_.push_back(v.As<Napi::String>().Utf8Value());
      } else if (v.IsBuffer()) {
        auto b = v.As<Napi::Buffer<char>>();
        store_.emplace_back(b.Data(), b.Length());
      } else {
        a.Fail(i, "an array of strings or Buffers");
        return false;
      }
    }
    for (auto& s : store_) ptrs_.push_back(const_cast<char*>(s.c_str()));
    ptrs_.push_back(nullptr);
    return true;
  }
  char* const* get() { return ptrs_.data(); }

 private:
  std::vector<std::string> store_;
  std::vector<char*> ptrs_;
};

// A JS array of numbers.
bool ReadInts(Args& a, const Napi::CallbackInfo& info, size_t i, std::vector<int>* out) {
  if (!info[i].IsArray()) {
    a.Fail(i, "an array of numbers");
    return false;
  }
  auto arr = info[i].As<Napi::Array>();
  for (uint32_t j = 0; j < arr.Length(); j++) {
    Napi::Value v = arr.Get(j);
    if (!v.IsNumber()) {
      a.Fail(i, "an array of numbers");
      return false;
    }
    out->push_back(v.As<Napi::Number>().Int32Value());
  }
  return true;
}

// The (source host fd, target fd) pairs of a child's descriptor table: an even-length array.
bool ReadPairs(Args& a, const Napi::CallbackInfo& info, size_t i, std::vector<std::pair<int, int>>* out) {
  std::vector<int> flat;
  if (!ReadInts(a, info, i, &flat)) return false;
  if (flat.size() % 2 != 0) {
    a.Fail(i, "an array of (source, target) fd pairs");
    return false;
  }
  for (size_t j = 0; j < flat.size(); j += 2) {
    if (flat[j] < 0 || flat[j + 1] < 0) {
      a.Fail(i, "an array of non-negative fds");
      return false;
    }
    out->emplace_back(flat[j], flat[j + 1]);
  }
  return true;
}

// Everything a started program gets besides its path, argv and envp.
struct ChildSetup {
  std::vector<std::pair<int, int>> fds;
  std::string cwd;  // empty: inherit
  std::vector<int> blocked;
  std::vector<int> ignored;
  int umask = -1;  // -1: inherit
};

// Arguments i..i+4: fdPairs, cwd (string or null), blocked signals, ignored signals, umask (-1 keeps).
bool ReadSetup(Args& a, const Napi::CallbackInfo& info, size_t i, ChildSetup* s) {
  if (!ReadPairs(a, info, i, &s->fds)) return false;
  if (info[i + 1].IsString()) s->cwd = info[i + 1].As<Napi::String>().Utf8Value();
  else if (!info[i + 1].IsNull() && !info[i + 1].IsUndefined()) a.Fail(i + 1, "a string or null");
  if (!ReadInts(a, info, i + 2, &s->blocked) || !ReadInts(a, info, i + 3, &s->ignored)) return false;
  s->umask = a.Int(i + 4);
  return a.ok();
}

bool Contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

sigset_t SetOf(const std::vector<int>& sigs) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : sigs)
    if (s > 0 && s <= kMaxHostSignal) sigaddset(&set, s);
  return set;
}

// spawn(path, argv, envp, fdPairs, cwd|null, blocked[], ignored[], umask) -> pid | -errno.
// posix_spawn (CLONE_VM|CLONE_VFORK, so the cost does not grow with Node's memory): every target
// fd is a copy of its source (through temporaries above every fd involved, so a target that is
// also another pair's source is never overwritten first), every other fd is closed, handlers
// become SIG_DFL and so do ignored signals not listed in `ignored` (Node ignores SIGPIPE), the
// mask is `blocked`. glibc resets caught signals to SIG_DFL in the child before anything else
// runs there, so the host signal catcher never runs in it.
Napi::Value Spawn(const Napi::CallbackInfo& info) {
  Args a(info);
  if (!info[0].IsString()) a.Fail(0, "a path string");
  CStrings argv, envp;
  ChildSetup s;
  if (!a.ok() || !argv.Read(a, info, 1) || !envp.Read(a, info, 2) || !ReadSetup(a, info, 3, &s)) return {};
  std::string path = info[0].As<Napi::String>().Utf8Value();

  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  int maxFd = 2, maxTarget = -1;
  std::vector<int> targets;
  for (auto& p : s.fds) {
    maxFd = std::max({maxFd, p.first, p.second});
    maxTarget = std::max(maxTarget, p.second);
    targets.push_back(p.second);
  }
  int err = 0;
  for (size_t j = 0; j < s.fds.size() && !err; j++) err = posix_spawn_file_actions_adddup2(&fa, s.fds[j].first, maxFd + 1 + j);
  for (size_t j = 0; j < s.fds.size() && !err; j++) err = posix_spawn_file_actions_adddup2(&fa, maxFd + 1 + j, s.fds[j].second);
  for (int fd = 0; fd < maxTarget && !err; fd++)
    if (!Contains(targets, fd)) err = posix_spawn_file_actions_addclose(&fa, fd);
  if (!err) err = posix_spawn_file_actions_addclosefrom_np(&fa, maxTarget + 1);
  if (!err && !s.cwd.empty()) err = posix_spawn_file_actions_addchdir_np(&fa, s.cwd.c_str());
  sigset_t mask = SetOf(s.blocked), defaults;
  sigfillset(&defaults);
  for (int sig : s.ignored)
    if (sig > 0 && sig <= kMaxHostSignal) sigdelset(&defaults, sig);
  if (!err) err = posix_spawnattr_setsigmask(&attr, &mask);
  if (!err) err = posix_spawnattr_setsigdefault(&attr, &defaults);
  if (!err) err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  if (!err) {
    // posix_spawn has no umask attribute: the child inherits this process's for the moment.
    mode_t old = s.umask >= 0 ? ::umask(s.umask & 0777) : 0;
    err = posix_spawn(&pid, path.c_str(), &fa, &attr, argv.get(), envp.get());
    if (s.umask >= 0) ::umask(old);
  }
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  return Num(a.env(), err ? -err : pid);
}

// execReplace(path, argv, envp, fdPairs, cwd|null, blocked[], ignored[], umask) -> -errno.
// Replaces this process (same pid) with `path`, its descriptors and signal state set up as for
// spawn. Returns only if execve failed, with the descriptors, cwd, umask, mask and dispositions as
// they were (every fd that was not a target is left close-on-exec, which nothing relies on).
Napi::Value ExecReplace(const Napi::CallbackInfo& info) {
  Args a(info);
  if (!info[0].IsString()) a.Fail(0, "a path string");
  CStrings argv, envp;
  ChildSetup s;
  if (!a.ok() || !argv.Read(a, info, 1) || !envp.Read(a, info, 2) || !ReadSetup(a, info, 3, &s)) return {};
  std::string path = info[0].As<Napi::String>().Utf8Value();

  int maxFd = 2;
  std::vector<int> targets;
  for (auto& p : s.fds) {
    maxFd = std::max({maxFd, p.first, p.second});
    targets.push_back(p.second);
  }
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  // Copies of the sources first (a source may be another pair's target), and of what each target
  // held before, to put back on failure.
  std::vector<int> copies, saved;
  for (auto& p : s.fds) copies.push_back(fcntl(p.first, F_DUPFD_CLOEXEC, maxFd + 1));
  for (int t : targets) saved.push_back(fcntl(t, F_DUPFD_CLOEXEC, maxFd + 1));
  int err = 0;
  for (size_t j = 0; j < copies.size(); j++)
    if (copies[j] < 0) err = EBADF;
  int oldCwd = -1;
  if (!err && !s.cwd.empty()) {
    oldCwd = open(".", O_PATH | O_CLOEXEC);
    if (chdir(s.cwd.c_str()) < 0) err = errno;
  }
  if (!err) {
    for (size_t j = 0; j < copies.size(); j++) dup2(copies[j], s.fds[j].second);  // dup2 clears CLOEXEC
    // Everything else closes at exec: the gaps between targets and all above the last one.
    unsigned lo = 0;
    for (int t : targets) {
      if (static_cast<unsigned>(t) > lo) syscall(SYS_close_range, lo, static_cast<unsigned>(t) - 1, CLOSE_RANGE_CLOEXEC);
      lo = static_cast<unsigned>(t) + 1;
    }
    syscall(SYS_close_range, lo, ~0U, CLOSE_RANGE_CLOEXEC);

    // Ignored dispositions survive execve: only the guest's ignored signals may stay ignored.
    struct sigaction dfl {}, ign {}, was[kMaxHostSignal + 1];
    dfl.sa_handler = SIG_DFL;
    ign.sa_handler = SIG_IGN;
    bool changed[kMaxHostSignal + 1] = {};
    for (int sig = 1; sig <= kMaxHostSignal; sig++) {
      if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, nullptr, &was[sig]) < 0) continue;
      bool wantIgnored = Contains(s.ignored, sig);
      bool isIgnored = was[sig].sa_handler == SIG_IGN && !(was[sig].sa_flags & SA_SIGINFO);
      if (wantIgnored != isIgnored && sigaction(sig, wantIgnored ? &ign : &dfl, nullptr) == 0) changed[sig] = true;
    }
    sigset_t mask = SetOf(s.blocked), oldMask;
    pthread_sigmask(SIG_SETMASK, &mask, &oldMask);
    mode_t oldUmask = s.umask >= 0 ? ::umask(s.umask & 0777) : 0;

    execve(path.c_str(), argv.get(), envp.get());
    err = errno;

    if (s.umask >= 0) ::umask(oldUmask);
    pthread_sigmask(SIG_SETMASK, &oldMask, nullptr);
    for (int sig = 1; sig <= kMaxHostSignal; sig++)
      if (changed[sig]) sigaction(sig, &was[sig], nullptr);
    for (size_t j = 0; j < targets.size(); j++) {
      if (saved[j] >= 0) dup2(saved[j], targets[j]);
      else close(targets[j]);
    }
  }
  if (oldCwd >= 0) {
    if (fchdir(oldCwd) < 0) err = err ? err : errno;
    close(oldCwd);
  }
  for (int fd : copies)
    if (fd >= 0) close(fd);
  for (int fd : saved)
    if (fd >= 0) close(fd);
  return Num(a.env(), -err);
}

// exitedChild(code, sig) -> pid | -errno: a child process that at once exits with `code`, or
// (sig > 0) dies of host signal `sig` without a core file, so that a parent can wait for the
// status of a guest child that ran in this process (vfork) and exited there.
Napi::Value ExitedChild(const Napi::CallbackInfo& info) {
  Args a(info);
  int code = a.Int(0), sig = a.Int(1);
  if (!a.ok()) return {};
  // vfork: only system calls until _exit, on this thread's stack below the caller's frame.
  pid_t pid = vfork();
  if (pid == 0) {
    if (sig > 0) {
      struct sigaction dfl {};
      dfl.sa_handler = SIG_DFL;
      sigaction(sig, &dfl, nullptr);
      struct rlimit nocore {0, 0};
      setrlimit(RLIMIT_CORE, &nocore);
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, sig);
      sigprocmask(SIG_UNBLOCK, &set, nullptr);
      kill(getpid(), sig);
    }
    _exit(code & 0xff);
  }
  return Num(a.env(), pid < 0 ? -errno : pid);
}

// The 16 rusage words after the two timevals, then the timevals: out[at..at+18).
void PutRusage(Napi::Float64Array out, size_t at, const struct rusage& ru) {
  if (out.ElementLength() < at + 18) return;
  out[at + 0] = ru.ru_utime.tv_sec;
  out[at + 1] = ru.ru_utime.tv_usec;
  out[at + 2] = ru.ru_stime.tv_sec;
  out[at + 3] = ru.ru_stime.tv_usec;
  const long fields[] = {ru.ru_maxrss, ru.ru_ixrss, ru.ru_idrss, ru.ru_isrss, ru.ru_minflt, ru.ru_majflt, ru.ru_nswap,
                         ru.ru_inblock, ru.ru_oublock, ru.ru_msgsnd, ru.ru_msgrcv, ru.ru_nsignals, ru.ru_nvcsw, ru.ru_nivcsw};
  for (size_t j = 0; j < 14; j++) out[at + 4 + j] = static_cast<double>(fields[j]);
}

bool IsF64(const Napi::Value& v, size_t min) {
  return v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_float64_array &&
         v.As<Napi::TypedArray>().ElementLength() >= min;
}

// wait4(pid, options, out Float64Array(19)) -> pid | 0 (WNOHANG) | -errno. out[0] = the host
// status word, out[1..19) = rusage (utime sec, usec, stime sec, usec, then the 14 longs).
// Blocks; a caught host signal makes it return -EINTR.
Napi::Value Wait4(const Napi::CallbackInfo& info) {
  Args a(info);
  int pid = a.Int(0), options = a.Int(1);
  if (!IsF64(info[2], 19)) a.Fail(2, "a Float64Array of 19 elements");
  if (!a.ok()) return {};
  auto out = info[2].As<Napi::Float64Array>();
  int status = 0;
  struct rusage ru {};
  pid_t r = ::wait4(pid, &status, options, &ru);
  if (r < 0) return Num(a.env(), -errno);
  out[0] = status;
  PutRusage(out, 1, ru);
  return Num(a.env(), r);
}

// waitid(idtype, id, options, out Float64Array(23)) -> 0 | -errno. out = si_signo, si_code,
// si_pid, si_uid, si_status, then rusage as for wait4 (the raw syscall's fifth argument).
Napi::Value Waitid(const Napi::CallbackInfo& info) {
  Args a(info);
  int idtype = a.Int(0), id = a.Int(1), options = a.Int(2);
  if (!IsF64(info[3], 23)) a.Fail(3, "a Float64Array of 23 elements");
  if (!a.ok()) return {};
  auto out = info[3].As<Napi::Float64Array>();
  siginfo_t si;
  memset(&si, 0, sizeof si);
  struct rusage ru {};
  long r = syscall(SYS_waitid, idtype, id, &si, options, &ru);
  if (r < 0) return Num(a.env(), -errno);
  out[0] = si.si_signo;
  out[1] = si.si_code;
  out[2] = si.si_pid;
  out[3] = si.si_uid;
  out[4] = si.si_status;
  PutRusage(out, 5, ru);
  return Num(a.env(), 0);
}

// memfdCreate(name) -> fd (close-on-exec) | -errno
Napi::Value MemfdCreate(const Napi::CallbackInfo& info) {
  Args a(info);
  if (!info[0].IsString()) a.Fail(0, "a name string");
  if (!a.ok()) return {};
  std::string name = info[0].As<Napi::String>().Utf8Value();
  return Result(a.env(), syscall(SYS_memfd_create, name.c_str(), MFD_CLOEXEC));
}

bool WriteAll(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool PageIsZero(const uint8_t* p) {
  const uint64_t* w = reinterpret_cast<const uint64_t*>(p);
  uint64_t acc = 0;
  for (size_t j = 0; j < kPage / 8; j++) acc |= w[j];
  return acc == 0;
}

// dumpPages(fd, mem, firstPage, endPage) -> pages written | -errno. Appends the pages of
// [firstPage, endPage) of `mem` that hold data as records {u32 first page, u32 count, count pages}
// (host byte order). Pages the host never committed (mincore) are zero and not even read; so are
// committed pages that are all zeros.
Napi::Value DumpPages(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  Bytes mem = a.U8(1);
  int64_t first = a.Int64(2), end = a.Int64(3);
  if (!a.ok()) return {};
  if (first < 0 || end < first || static_cast<uint64_t>(end) * kPage > mem.n) return Num(a.env(), -EFAULT);
  if (end == first) return Num(a.env(), 0);
  std::vector<unsigned char> resident(static_cast<size_t>(end - first), 1);
  if ((reinterpret_cast<uintptr_t>(mem.p) & (kPage - 1)) == 0)
    if (mincore(mem.p + first * kPage, (end - first) * kPage, resident.data()) < 0) std::fill(resident.begin(), resident.end(), 1);
  int64_t written = 0;
  for (int64_t pg = first; pg < end;) {
    auto has = [&](int64_t q) { return (resident[q - first] & 1) && !PageIsZero(mem.p + q * kPage); };
    if (!has(pg)) {
      pg++;
      continue;
    }
    int64_t run = pg + 1;
    while (run < end && run - pg < 4096 && has(run)) run++;
    uint32_t head[2] = {static_cast<uint32_t>(pg), static_cast<uint32_t>(run - pg)};
    if (!WriteAll(fd, reinterpret_cast<uint8_t*>(head), sizeof head) || !WriteAll(fd, mem.p + pg * kPage, (run - pg) * kPage))
      return Num(a.env(), -(errno ? errno : EIO));
    written += run - pg;
    pg = run;
  }
  return Num(a.env(), static_cast<double>(written));
}

bool ReadAll(int fd, uint8_t* p, size_t n, off_t* at) {
  while (n > 0) {
    ssize_t r = ::pread(fd, p, n, *at);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
    *at += r;
  }
  return true;
}

// loadPages(fd, mem, fileOffset) -> pages loaded | -errno: reads dumpPages records from
// fileOffset to the end of the file into `mem`. A record outside `mem` is -EINVAL.
Napi::Value LoadPages(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  Bytes mem = a.U8(1);
  off_t at = a.Int64(2);
  if (!a.ok()) return {};
  struct stat st;
  if (fstat(fd, &st) < 0) return Num(a.env(), -errno);
  int64_t loaded = 0;
  while (at < st.st_size) {
    uint32_t head[2];
    if (!ReadAll(fd, reinterpret_cast<uint8_t*>(head), sizeof head, &at)) return Num(a.env(), -(errno ? errno : EIO));
    uint64_t from = static_cast<uint64_t>(head[0]) * kPage, len = static_cast<uint64_t>(head[1]) * kPage;
    if (from + len > mem.n) return Num(a.env(), -EINVAL);
    if (!ReadAll(fd, mem.p + from, len, &at)) return Num(a.env(), -(errno ? errno : EIO));
    loaded += head[1];
  }
  return Num(a.env(), static_cast<double>(loaded));
}

// discard(mem, offset, len) -> 0 | -errno: madvise(MADV_DONTNEED) on a page-aligned range of
// `mem` (an anonymous private mapping: the pages read as zeros again and leave the RSS).
// The page-aligned range of arguments 0-2 (mem, offset, len), or 0 / -errno to return at once
// (an empty range is done; a bad one is EFAULT or EINVAL). `extra` must be page-aligned too.
long PageRange(Args& a, Bytes* b, uint64_t extra = 0) {
  *b = a.Range(0);
  if (!b->ok) return -EFAULT;
  if ((reinterpret_cast<uintptr_t>(b->p) | b->n | extra) & (kPage - 1)) return -EINVAL;
  return b->n == 0 ? 0 : 1;
}

Napi::Value Discard(const Napi::CallbackInfo& info) {
  Args a(info);
  Bytes b;
  long r = PageRange(a, &b);
  if (!a.ok()) return {};
  if (r <= 0) return Num(a.env(), r);
  return Result(a.env(), madvise(b.p, b.n, MADV_DONTNEED));
}

// mapShared(mem, offset, len, fd, fileOffset, shared) -> 0 | -errno: maps the host file `fd` at
// [offset, offset+len) of `mem` (the guest memory's backing store) read-write, MAP_SHARED (or
// MAP_PRIVATE) over what was there, so guest loads and stores reach the file's pages directly.
Napi::Value MapShared(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(3);
  int64_t fileOffset = a.Int64(4);
  int shared = a.Int(5);
  Bytes b;
  long ok = PageRange(a, &b, static_cast<uint64_t>(fileOffset));
  if (!a.ok()) return {};
  if (ok <= 0) return Num(a.env(), ok);
  void* r = mmap(b.p, b.n, PROT_READ | PROT_WRITE, (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, fd, fileOffset);
  return Num(a.env(), r == MAP_FAILED ? -errno : 0);
}

// mapAnonymous(mem, offset, len) -> 0 | -errno: private zero-filled memory again at a range that
// mapShared had mapped (the guest unmapped it or mapped something else there).
Napi::Value MapAnonymous(const Napi::CallbackInfo& info) {
  Args a(info);
  Bytes b;
  long ok = PageRange(a, &b);
  if (!a.ok()) return {};
  if (ok <= 0) return Num(a.env(), ok);
  void* r = mmap(b.p, b.n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
  return Num(a.env(), r == MAP_FAILED ? -errno : 0);
}

// futexWait(mem, offset, rawValue, timeoutMs) -> 0 | -errno: a shared (not process-private) host
// FUTEX_WAIT on the word at `offset` of `mem`, which a MAP_SHARED mapping backs: the kernel keys it
// by the file and offset, so another process (a forked tsemu) can wake it. rawValue is the word as
// the host reads it; timeoutMs < 0 waits until woken or interrupted.
Napi::Value FutexWait(const Napi::CallbackInfo& info) {
  Args a(info);
  Bytes b = a.Range(0);
  int64_t raw = a.Int64(3);
  double ms = info[4].IsNumber() ? info[4].As<Napi::Number>().DoubleValue() : -1;
  if (!a.ok()) return {};
  if (!b.ok || b.n < 4 || (reinterpret_cast<uintptr_t>(b.p) & 3)) return Num(a.env(), -EINVAL);
  struct timespec ts, *tp = nullptr;
  if (ms >= 0) {
    ts.tv_sec = static_cast<time_t>(ms / 1000);
    ts.tv_nsec = static_cast<long>((ms - ts.tv_sec * 1000.0) * 1e6);
    tp = &ts;
  }
  long r = syscall(SYS_futex, reinterpret_cast<uint32_t*>(b.p), FUTEX_WAIT, static_cast<uint32_t>(raw), tp, nullptr, 0);
  return Num(a.env(), r < 0 ? -errno : 0);
}

// futexWake(mem, offset, n) -> woken | -errno: a shared host FUTEX_WAKE (see futexWait).
Napi::Value FutexWake(const Napi::CallbackInfo& info) {
  Args a(info);
  Bytes b = a.Range(0);
  int n = a.Int(3);
  if (!a.ok()) return {};
  if (!b.ok || b.n < 4 || (reinterpret_cast<uintptr_t>(b.p) & 3)) return Num(a.env(), -EINVAL);
  return Result(a.env(), syscall(SYS_futex, reinterpret_cast<uint32_t*>(b.p), FUTEX_WAKE, n, nullptr, nullptr, 0));
}

}  // namespace

void InitProcess(Napi::Env env, Napi::Object exports) {
  auto fn = [&](const char* name, Napi::Value (*f)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, f, name));
  };
  fn("spawn", Spawn); fn("execReplace", ExecReplace); fn("exitedChild", ExitedChild);
  fn("wait4", Wait4); fn("waitid", Waitid);
  fn("memfdCreate", MemfdCreate); fn("dumpPages", DumpPages); fn("loadPages", LoadPages); fn("discard", Discard);
  fn("mapShared", MapShared); fn("mapAnonymous", MapAnonymous);
  fn("futexWait", FutexWait); fn("futexWake", FutexWake);
}

}  // namespace tsemu
