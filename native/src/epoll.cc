// epoll and eventfd for the guest (syscalls/epoll.ts): the guest's epoll instances are host epoll
// instances over the host fds behind its descriptors. Guest structs are translated in TypeScript;
// here events travel as Int32Array triples (events, data bytes 0-3, data bytes 4-7) so the guest's
// 8 data bytes come back exactly as they went in, whatever the guest's byte order.
// Waiting with signals is syscalls/epoll.ts's job (signalWait on the epoll fd, then epollWait with
// timeout 0), so a caught signal always interrupts a wait. Conventions as in tsemu_native.cc.
#include "args.h"

#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <vector>

namespace tsemu {
namespace {

// epollCreate(flags) -> fd | -errno. flags: 0 or host EPOLL_CLOEXEC.
Napi::Value EpollCreate(const Napi::CallbackInfo& info) {
  Args a(info);
  int flags = a.Int(0);
  if (!a.ok()) return {};
  return Result(a.env(), epoll_create1(flags));
}

// epollCtl(epfd, op, fd, events, data0, data1) -> 0 | -errno. data0/data1: the guest's data bytes
// 0-3 and 4-7 as read in host order (opaque, returned unchanged by epollWait).
Napi::Value EpollCtl(const Napi::CallbackInfo& info) {
  Args a(info);
  int epfd = a.Int(0), op = a.Int(1), fd = a.Int(2);
  uint32_t events = static_cast<uint32_t>(a.Int64(3));
  uint32_t data[2] = {static_cast<uint32_t>(a.Int64(4)), static_cast<uint32_t>(a.Int64(5))};
  if (!a.ok()) return {};
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = events;
  memcpy(&ev.data, data, sizeof data);
  return Result(a.env(), epoll_ctl(epfd, op, fd, op == EPOLL_CTL_DEL ? nullptr : &ev));
}

// epollWait(epfd, out Int32Array, maxEvents, timeoutMs) -> ready count | -errno. Event i fills
// out[3i..3i+2] = events, data0, data1; out must hold 3 * maxEvents words.
Napi::Value EpollWait(const Napi::CallbackInfo& info) {
  Args a(info);
  int epfd = a.Int(0);
  int maxEvents = a.Int(2), timeoutMs = a.Int(3);
  if (!a.ok()) return {};
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    a.Fail(1, "an Int32Array");
    return {};
  }
  auto out = info[1].As<Napi::Int32Array>();
  if (maxEvents <= 0 || out.ElementLength() < 3 * static_cast<size_t>(maxEvents)) return Num(a.env(), -EINVAL);
  std::vector<struct epoll_event> evs(maxEvents);
  int r = epoll_wait(epfd, evs.data(), maxEvents, timeoutMs);
  if (r < 0) return Num(a.env(), -errno);
  for (int i = 0; i < r; i++) {
    uint32_t data[2];
    memcpy(data, &evs[i].data, sizeof data);
    out[3 * i] = static_cast<int32_t>(evs[i].events);
    out[3 * i + 1] = static_cast<int32_t>(data[0]);
    out[3 * i + 2] = static_cast<int32_t>(data[1]);
  }
  return Num(a.env(), r);
}

// eventfd(initval, flags) -> fd | -errno. flags: host EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE.
Napi::Value Eventfd(const Napi::CallbackInfo& info) {
  Args a(info);
  uint32_t initval = static_cast<uint32_t>(a.Int64(0));
  int flags = a.Int(1);
  if (!a.ok()) return {};
  return Result(a.env(), eventfd(initval, flags));
}

Napi::Object EpollConstants(Napi::Env env) {
  auto c = Napi::Object::New(env);
  auto set = [&](const char* name, double v) { c.Set(name, Num(env, v)); };
  set("EPOLL_CLOEXEC", EPOLL_CLOEXEC);
  set("EFD_CLOEXEC", EFD_CLOEXEC); set("EFD_NONBLOCK", EFD_NONBLOCK); set("EFD_SEMAPHORE", EFD_SEMAPHORE);
  return c;
}

}  // namespace

void InitEpoll(Napi::Env env, Napi::Object exports) {
  auto fn = [&](const char* name, Napi::Value (*f)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, f, name));
  };
  fn("epollCreate", EpollCreate); fn("epollCtl", EpollCtl); fn("epollWait", EpollWait); fn("eventfd", Eventfd);
  exports.Set("epollConstants", EpollConstants(env));
}

}  // namespace tsemu
