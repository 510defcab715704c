#ifndef QUARRY_FUZZ_DRIVER_H
#define QUARRY_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt, LLVM >= 11). SwiftPM links each executable with
// `--defsym main=<Module>_main`, so libFuzzer's own `main` is not used: every harness defines
// `<Module>_main` and calls this.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
