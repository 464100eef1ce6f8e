// Processes: fork, exec, wait (issue 7). Conventions as in tsemu_native.cc.
#include "args.h"

namespace tsemu {

void InitProcess(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace tsemu
