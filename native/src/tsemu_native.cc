// tsemu's native addon: thin synchronous wrappers for POSIX calls that Node has
// no synchronous API for. Policy (guest/host constant and struct translation,
// fd tables, signals) stays in TypeScript; see src/runtime/native.ts.
//
// Conventions:
//  - Every wrapper returns a Number: the call's result, or the NEGATIVE host
//    errno on failure. Syscall failures never throw.
//  - A wrong argument type is a bug in the TypeScript caller, so it throws a
//    TypeError instead.
//  - Byte ranges outside the given array give -EFAULT, like a bad guest pointer,
//    so a mistake on the TS side can never make the kernel write outside it.
//  - No global state: the addon may be loaded in several worker threads.

#include <napi.h>

#include "args.h"

#include <asm/termbits.h>  // the kernel's struct termios, which TCGETS uses
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <pthread.h>
#include <unistd.h>

#include <cmath>
#include <string>
#include <vector>

namespace tsemu {
void InitSignals(Napi::Env env, Napi::Object exports);
void InitProcess(Napi::Env env, Napi::Object exports);
void InitEpoll(Napi::Env env, Napi::Object exports);
}  // namespace tsemu

namespace {

using namespace tsemu;

// ---- file descriptors ---------------------------------------------------

// read(fd, u8array, offset, len) -> bytes read | -errno
Napi::Value Read(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  Bytes b = a.Range(1);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  return Result(a.env(), ::read(fd, b.p, b.n));
}

// write(fd, u8array, offset, len) -> bytes written | -errno
Napi::Value Write(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  Bytes b = a.Range(1);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  return Result(a.env(), ::write(fd, b.p, b.n));
}

// pread(fd, u8array, offset, len, position) -> bytes read | -errno
Napi::Value Pread(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  Bytes b = a.Range(1);
  off_t pos = a.Int64(4);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  return Result(a.env(), ::pread(fd, b.p, b.n, pos));
}

// pwrite(fd, u8array, offset, len, position) -> bytes written | -errno
Napi::Value Pwrite(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  Bytes b = a.Range(1);
  off_t pos = a.Int64(4);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  return Result(a.env(), ::pwrite(fd, b.p, b.n, pos));
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  if (!a.ok()) return {};
  return Result(a.env(), ::close(fd));
}

Napi::Value Dup(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  if (!a.ok()) return {};
  return Result(a.env(), ::dup(fd));
}

// dup3(oldfd, newfd, flags): flags is 0 or host O_CLOEXEC.
Napi::Value Dup3(const Napi::CallbackInfo& info) {
  Args a(info);
  int oldfd = a.Int(0), newfd = a.Int(1), flags = a.Int(2);
  if (!a.ok()) return {};
  return Result(a.env(), ::dup3(oldfd, newfd, flags));
}

// pipe2(flags) -> [readFd, writeFd] | -errno
Napi::Value Pipe2(const Napi::CallbackInfo& info) {
  Args a(info);
  int flags = a.Int(0);
  if (!a.ok()) return {};
  int fds[2];
  if (::pipe2(fds, flags) < 0) return Num(a.env(), -errno);
  auto out = Napi::Array::New(a.env(), 2);
  out.Set(0u, fds[0]);
  out.Set(1u, fds[1]);
  return out;
}

// fcntl(fd, cmd, arg) for commands whose argument is a plain integer. Commands
// that take a pointer (F_GETLK, F_GETOWN_EX, ...) must not get a JS number as
// an address, so everything else is refused with -EINVAL, as for an unknown cmd.
Napi::Value Fcntl(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0), cmd = a.Int(1), arg = a.Int(2);
  if (!a.ok()) return {};
  switch (cmd) {
    case F_DUPFD: case F_DUPFD_CLOEXEC:
    case F_GETFD: case F_SETFD: case F_GETFL: case F_SETFL:
    case F_GETPIPE_SZ: case F_SETPIPE_SZ: case F_ADD_SEALS: case F_GET_SEALS:
      return Result(a.env(), ::fcntl(fd, cmd, arg));
    default:
      return Num(a.env(), -EINVAL);
  }
}

// How many bytes the kernel reads or writes through the pointer argument of an
// ioctl request, or 0 when we do not know. The classic tty requests predate the
// _IOC size encoding, so they are listed; newer ones carry their size.
size_t IoctlPointerSize(unsigned long req) {
  switch (req) {
    case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
      return sizeof(struct termios);
    case TIOCGWINSZ: case TIOCSWINSZ:
      return sizeof(struct winsize);
    case FIONREAD: case TIOCOUTQ: case TIOCGPGRP: case TIOCSPGRP: case TIOCGSID:
    case FIONBIO: case FIOASYNC: case TIOCGETD: case TIOCSETD: case TIOCPKT:
    case TIOCMGET: case TIOCMSET: case TIOCMBIS: case TIOCMBIC:
      return sizeof(int);
    default:
      return _IOC_DIR(req) != _IOC_NONE ? _IOC_SIZE(req) : 0;
  }
}

// Requests whose argument is a value, not a pointer.
bool IoctlTakesValue(unsigned long req) {
  switch (req) {
    case TCFLSH: case TCSBRK: case TCSBRKP: case TCXONC: case TIOCSCTTY:
      return true;
    default:
      return false;
  }
}

// ioctl(fd, request, arg) where arg is:
//   a Uint8Array at least as large as the host struct the request uses,
//   a number, for requests that take a value (TCFLSH, TCSBRK, TIOCSCTTY, ...),
//   or null (no argument, or a NULL pointer).
// A request whose argument we cannot size or classify gets -ENOTTY rather than
// letting the kernel write past the buffer or through a number used as a pointer.
Napi::Value Ioctl(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  unsigned long req = info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 0;
  if (!info[1].IsNumber()) a.Fail(1, "a number");
  if (!a.ok()) return {};
  Napi::Value arg = info[2];
  if (arg.IsNull() || arg.IsUndefined()) return Result(a.env(), ::ioctl(fd, req, 0UL));
  if (arg.IsNumber()) {
    if (!IoctlTakesValue(req)) return Num(a.env(), -ENOTTY);
    return Result(a.env(), ::ioctl(fd, req, static_cast<unsigned long>(arg.As<Napi::Number>().Int64Value())));
  }
  Bytes b = a.U8(2);
  if (!a.ok()) return {};
  size_t need = IoctlPointerSize(req);
  if (need == 0) return Num(a.env(), -ENOTTY);
  if (b.n < need) return Num(a.env(), -EFAULT);
  return Result(a.env(), ::ioctl(fd, req, b.p));
}

// isatty(fd) -> 1 | 0 | -errno. Not a terminal is 0; other failures (EBADF) are -errno.
Napi::Value Isatty(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  if (!a.ok()) return {};
  if (::isatty(fd)) return Num(a.env(), 1);
  return Num(a.env(), errno == ENOTTY || errno == EINVAL ? 0 : -errno);
}

// poll(fds, timeoutMs) -> number of ready fds | -errno.
// fds is an Int32Array of (fd, events) pairs. On return the second slot of each
// pair holds events | revents << 16 (read revents as `x >>> 16`), so the array
// can be polled again unchanged, e.g. when TS polls in slices to notice signals.
Napi::Value Poll(const Napi::CallbackInfo& info) {
  Args a(info);
  if (!info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      info[0].As<Napi::TypedArray>().ElementLength() % 2 != 0)
    a.Fail(0, "an Int32Array of (fd, events) pairs");
  int timeout = a.Int(1);
  if (!a.ok()) return {};
  auto arr = info[0].As<Napi::Int32Array>();
  // Copied out rather than cast: struct pollfd's short fields make the in-place
  // layout depend on host endianness.
  std::vector<struct pollfd> fds(arr.ElementLength() / 2);
  for (size_t i = 0; i < fds.size(); i++)
    fds[i] = {arr[2 * i], static_cast<short>(arr[2 * i + 1] & 0xffff), 0};
  int r = ::poll(fds.data(), fds.size(), timeout);
  if (r < 0) return Num(a.env(), -errno);
  for (size_t i = 0; i < fds.size(); i++)
    arr[2 * i + 1] = (fds[i].events & 0xffff) | (static_cast<int32_t>(fds[i].revents & 0xffff) << 16);
  return Num(a.env(), r);
}

// ---- processes ----------------------------------------------------------

Napi::Value Kill(const Napi::CallbackInfo& info) {
  Args a(info);
  int pid = a.Int(0), sig = a.Int(1);
  if (!a.ok()) return {};
  return Result(a.env(), ::kill(pid, sig));
}

Napi::Value Getppid(const Napi::CallbackInfo& info) { return Num(info.Env(), ::getppid()); }
Napi::Value Getpgrp(const Napi::CallbackInfo& info) { return Num(info.Env(), ::getpgrp()); }
Napi::Value Setsid(const Napi::CallbackInfo& info) { return Result(info.Env(), ::setsid()); }

Napi::Value Getpgid(const Napi::CallbackInfo& info) {
  Args a(info);
  int pid = a.Int(0);
  if (!a.ok()) return {};
  return Result(a.env(), ::getpgid(pid));
}

Napi::Value Setpgid(const Napi::CallbackInfo& info) {
  Args a(info);
  int pid = a.Int(0), pgid = a.Int(1);
  if (!a.ok()) return {};
  return Result(a.env(), ::setpgid(pid, pgid));
}

Napi::Value Getsid(const Napi::CallbackInfo& info) {
  Args a(info);
  int pid = a.Int(0);
  if (!a.ok()) return {};
  return Result(a.env(), ::getsid(pid));
}

// umask(mask) -> previous mask (cannot fail).
Napi::Value Umask(const Napi::CallbackInfo& info) {
  Args a(info);
  int mask = a.Int(0);
  if (!a.ok()) return {};
  return Num(a.env(), ::umask(mask & 0777));
}

// Limits cross as Numbers; RLIM_INFINITY (2^64-1, not representable) is Infinity.
double FromRlim(rlim_t v) { return v == RLIM_INFINITY ? INFINITY : static_cast<double>(v); }
rlim_t ToRlim(double v) { return v >= 18446744073709551615.0 ? RLIM_INFINITY : static_cast<rlim_t>(v); }

// getrlimit(resource) -> [cur, max] | -errno
Napi::Value Getrlimit(const Napi::CallbackInfo& info) {
  Args a(info);
  int res = a.Int(0);
  if (!a.ok()) return {};
  struct rlimit rl;
  if (::getrlimit(static_cast<__rlimit_resource_t>(res), &rl) < 0) return Num(a.env(), -errno);
  auto out = Napi::Array::New(a.env(), 2);
  out.Set(0u, FromRlim(rl.rlim_cur));
  out.Set(1u, FromRlim(rl.rlim_max));
  return out;
}

// setrlimit(resource, cur, max) -> 0 | -errno
Napi::Value Setrlimit(const Napi::CallbackInfo& info) {
  Args a(info);
  int res = a.Int(0);
  bool nums = info[1].IsNumber() && info[2].IsNumber();
  if (!nums) a.Fail(1, "a number (cur and max)");
  if (!a.ok()) return {};
  double cur = info[1].As<Napi::Number>().DoubleValue(), max = info[2].As<Napi::Number>().DoubleValue();
  if (!(cur >= 0) || !(max >= 0)) return Num(a.env(), -EINVAL);
  struct rlimit rl = {ToRlim(cur), ToRlim(max)};
  return Result(a.env(), ::setrlimit(static_cast<__rlimit_resource_t>(res), &rl));
}

// sched_getaffinity(pid, u8array) -> bytes of CPU mask written | -errno.
// The raw syscall, because its return value (the mask size) is what the guest sees.
Napi::Value SchedGetaffinity(const Napi::CallbackInfo& info) {
  Args a(info);
  int pid = a.Int(0);
  Bytes b = a.U8(1);
  if (!a.ok()) return {};
  return Result(a.env(), ::syscall(SYS_sched_getaffinity, pid, b.n, b.p));
}

Napi::Value Lseek(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  off_t off = a.Int64(1);
  int whence = a.Int(2);
  if (!a.ok()) return {};
  return Result(a.env(), ::lseek(fd, off, whence));
}

// getdents64(fd, u8, offset, len): the raw directory records, so the guest sees the
// kernel's own order and d_off cookies.
Napi::Value Getdents64(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(0);
  Bytes b = a.Range(1);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  return Result(a.env(), ::syscall(SYS_getdents64, fd, b.p, b.n));
}

// Die of `sig` with its default action (core dump or not as the host decides), as a
// guest killed by a signal must make tsemu die of the same signal. V8 installs handlers
// for some signals (SIGSEGV for wasm traps), so reset the disposition and unblock first.
Napi::Value DieBySignal(const Napi::CallbackInfo& info) {
  Args a(info);
  int sig = a.Int(0);
  if (!a.ok()) return {};
  struct sigaction sa {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  ::sigaction(sig, &sa, nullptr);
  struct rlimit nocore {0, 0};  // a guest core dump must not become a host core file
  ::setrlimit(RLIMIT_CORE, &nocore);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  return Num(a.env(), -EINTR);  // only if the signal's default action is to ignore it
}

// utimensat(dirfd, path, atimeSec, atimeNsec, mtimeSec, mtimeNsec, flags): nanosecond
// timestamps and UTIME_NOW/UTIME_OMIT, which Node's utimes cannot express. path null: futimens.
Napi::Value Utimensat(const Napi::CallbackInfo& info) {
  Args a(info);
  int dirfd = a.Int(0);
  struct timespec ts[2];
  ts[0].tv_sec = a.Int64(2);
  ts[0].tv_nsec = a.Int64(3);
  ts[1].tv_sec = a.Int64(4);
  ts[1].tv_nsec = a.Int64(5);
  int flags = a.Int(6);
  if (!a.ok()) return {};
  if (!info[1].IsString()) return Result(a.env(), ::futimens(dirfd, ts));
  std::string path = info[1].As<Napi::String>().Utf8Value();
  return Result(a.env(), ::utimensat(dirfd, path.c_str(), ts, flags));
}

// ---- extended attributes ----------------------------------------------------
// The target is a path (followed or not: nofollow = the l* call) or, when the path argument is
// null, the fd. A zero-length buffer asks for the size, as the syscalls do.

// getxattr(path|null, fd, name, u8array, offset, len, nofollow) -> size | -errno
Napi::Value Getxattr(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(1);
  Bytes b = a.Range(3);
  int nofollow = a.Int(6);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  std::string name = info[2].As<Napi::String>().Utf8Value();
  void* p = b.n ? b.p : nullptr;
  if (!info[0].IsString()) return Result(a.env(), ::fgetxattr(fd, name.c_str(), p, b.n));
  std::string path = info[0].As<Napi::String>().Utf8Value();
  return Result(a.env(), nofollow ? ::lgetxattr(path.c_str(), name.c_str(), p, b.n) : ::getxattr(path.c_str(), name.c_str(), p, b.n));
}

// listxattr(path|null, fd, u8array, offset, len, nofollow) -> size | -errno
Napi::Value Listxattr(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(1);
  Bytes b = a.Range(2);
  int nofollow = a.Int(5);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  char* p = b.n ? reinterpret_cast<char*>(b.p) : nullptr;
  if (!info[0].IsString()) return Result(a.env(), ::flistxattr(fd, p, b.n));
  std::string path = info[0].As<Napi::String>().Utf8Value();
  return Result(a.env(), nofollow ? ::llistxattr(path.c_str(), p, b.n) : ::listxattr(path.c_str(), p, b.n));
}

// setxattr(path|null, fd, name, u8array, offset, len, flags, nofollow) -> 0 | -errno
Napi::Value Setxattr(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(1);
  Bytes b = a.Range(3);
  int flags = a.Int(6);
  int nofollow = a.Int(7);
  if (!a.ok()) return {};
  if (!b.ok) return Num(a.env(), -EFAULT);
  std::string name = info[2].As<Napi::String>().Utf8Value();
  if (!info[0].IsString()) return Result(a.env(), ::fsetxattr(fd, name.c_str(), b.p, b.n, flags));
  std::string path = info[0].As<Napi::String>().Utf8Value();
  return Result(a.env(), nofollow ? ::lsetxattr(path.c_str(), name.c_str(), b.p, b.n, flags) : ::setxattr(path.c_str(), name.c_str(), b.p, b.n, flags));
}

// removexattr(path|null, fd, name, nofollow) -> 0 | -errno
Napi::Value Removexattr(const Napi::CallbackInfo& info) {
  Args a(info);
  int fd = a.Int(1);
  int nofollow = a.Int(3);
  if (!a.ok()) return {};
  std::string name = info[2].As<Napi::String>().Utf8Value();
  if (!info[0].IsString()) return Result(a.env(), ::fremovexattr(fd, name.c_str()));
  std::string path = info[0].As<Napi::String>().Utf8Value();
  return Result(a.env(), nofollow ? ::lremovexattr(path.c_str(), name.c_str()) : ::removexattr(path.c_str(), name.c_str()));
}

// Host values the TS side needs to translate guest constants and size ioctl
// buffers; they come from this host's headers, not from a guest ABI.
Napi::Object HostConstants(Napi::Env env) {
  auto c = Napi::Object::New(env);
  auto set = [&](const char* name, double v) { c.Set(name, v); };
  set("O_NONBLOCK", O_NONBLOCK); set("O_CLOEXEC", O_CLOEXEC); set("O_ACCMODE", O_ACCMODE);
  set("O_APPEND", O_APPEND); set("O_DIRECT", O_DIRECT); set("O_NOATIME", O_NOATIME);
  set("O_ASYNC", O_ASYNC); set("O_DSYNC", O_DSYNC); set("O_SYNC", O_SYNC);
  set("FD_CLOEXEC", FD_CLOEXEC);
  set("F_DUPFD", F_DUPFD); set("F_DUPFD_CLOEXEC", F_DUPFD_CLOEXEC);
  set("F_GETFD", F_GETFD); set("F_SETFD", F_SETFD); set("F_GETFL", F_GETFL); set("F_SETFL", F_SETFL);
  set("F_GETPIPE_SZ", F_GETPIPE_SZ); set("F_SETPIPE_SZ", F_SETPIPE_SZ);
  set("F_ADD_SEALS", F_ADD_SEALS); set("F_GET_SEALS", F_GET_SEALS);
  set("POLLIN", POLLIN); set("POLLPRI", POLLPRI); set("POLLOUT", POLLOUT); set("POLLERR", POLLERR);
  set("POLLHUP", POLLHUP); set("POLLNVAL", POLLNVAL); set("POLLRDHUP", POLLRDHUP);
  set("TCGETS", TCGETS); set("TCSETS", TCSETS); set("TCSETSW", TCSETSW); set("TCSETSF", TCSETSF);
  set("TIOCGWINSZ", TIOCGWINSZ); set("TIOCSWINSZ", TIOCSWINSZ);
  set("FIONREAD", FIONREAD); set("TIOCOUTQ", TIOCOUTQ); set("FIONBIO", FIONBIO);
  set("TIOCGPGRP", TIOCGPGRP); set("TIOCSPGRP", TIOCSPGRP); set("TIOCGSID", TIOCGSID);
  set("TIOCSCTTY", TIOCSCTTY); set("TIOCNOTTY", TIOCNOTTY);
  set("TCFLSH", TCFLSH); set("TCSBRK", TCSBRK); set("TCXONC", TCXONC);
  set("sizeofTermios", sizeof(struct termios));  // kernel struct (TCGETS), not glibc's
  set("sizeofWinsize", sizeof(struct winsize));
  return c;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto fn = [&](const char* name, Napi::Value (*f)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, f, name));
  };
  fn("read", Read); fn("write", Write); fn("pread", Pread); fn("pwrite", Pwrite);
  fn("close", Close); fn("dup", Dup); fn("dup3", Dup3); fn("pipe2", Pipe2);
  fn("fcntl", Fcntl); fn("ioctl", Ioctl); fn("isatty", Isatty); fn("poll", Poll);
  fn("kill", Kill); fn("getppid", Getppid); fn("getpgrp", Getpgrp); fn("getpgid", Getpgid);
  fn("setpgid", Setpgid); fn("getsid", Getsid); fn("setsid", Setsid); fn("umask", Umask);
  fn("getrlimit", Getrlimit); fn("setrlimit", Setrlimit);
  fn("sched_getaffinity", SchedGetaffinity);
  fn("lseek", Lseek); fn("getdents64", Getdents64); fn("dieBySignal", DieBySignal); fn("utimensat", Utimensat);
  fn("getxattr", Getxattr); fn("listxattr", Listxattr); fn("setxattr", Setxattr); fn("removexattr", Removexattr);
  exports.Set("constants", HostConstants(env));
  tsemu::InitSignals(env, exports);
  tsemu::InitProcess(env, exports);
  tsemu::InitEpoll(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(tsemu_native, Init)
