// Host signals for the guest (DESIGN.md 6). Conventions as in tsemu_native.cc.
#include "args.h"

namespace tsemu {

void InitSignals(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace tsemu
