// Argument reading and result conventions shared by the addon's source files (see tsemu_native.cc).
#pragma once

#include <napi.h>

#include <errno.h>

#include <cstdint>
#include <string>

namespace tsemu {

inline Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// Must be called right after the call, before anything else can touch errno.
inline Napi::Value Result(Napi::Env env, long r) { return Num(env, r < 0 ? -errno : r); }

// A byte range inside a JS Uint8Array (or Buffer); ok is false when out of bounds.
struct Bytes {
  uint8_t* p = nullptr;
  size_t n = 0;
  bool ok = false;
};

// Reads JS arguments. The first bad one leaves a pending TypeError and makes
// ok() false; the wrapper then returns before calling into the kernel.
class Args {
 public:
  explicit Args(const Napi::CallbackInfo& info) : info_(info) {}
  bool ok() const { return ok_; }
  Napi::Env env() const { return info_.Env(); }

  int Int(size_t i) { return IsNum(i) ? info_[i].As<Napi::Number>().Int32Value() : 0; }
  // Exact for integers up to 2^53, which covers file positions and lengths.
  int64_t Int64(size_t i) { return IsNum(i) ? info_[i].As<Napi::Number>().Int64Value() : 0; }

  bool IsU8(size_t i) {
    return info_[i].IsTypedArray() &&
           info_[i].As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array;
  }

  // The whole of the Uint8Array argument i. Works on views of a SharedArrayBuffer
  // (guest memory): the backing store does not move while we block in the kernel.
  Bytes U8(size_t i) {
    if (!IsU8(i)) return Fail(i, "a Uint8Array"), Bytes{};
    auto a = info_[i].As<Napi::Uint8Array>();
    return Bytes{a.Data(), a.ByteLength(), true};
  }

  // Arguments i, i+1, i+2: (u8array, offset, length).
  Bytes Range(size_t i) {
    Bytes b = U8(i);
    int64_t off = Int64(i + 1), len = Int64(i + 2);
    if (!ok_) return b;
    if (off < 0 || len < 0 || static_cast<uint64_t>(off) > b.n ||
        static_cast<uint64_t>(len) > b.n - off)
      return Bytes{};
    return Bytes{b.p + off, static_cast<size_t>(len), true};
  }

  void Fail(size_t i, const char* what) {
    if (ok_)
      Napi::TypeError::New(env(), "tsemu native: argument " + std::to_string(i) + " must be " + what)
          .ThrowAsJavaScriptException();
    ok_ = false;
  }

 private:
  bool IsNum(size_t i) {
    if (info_[i].IsNumber()) return true;
    Fail(i, "a number");
    return false;
  }
  const Napi::CallbackInfo& info_;
  bool ok_ = true;
};

}  // namespace tsemu
