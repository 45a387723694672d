// The one libFuzzer entry point Swift calls: kuberules' fuzz executable has its own `main` (SwiftPM
// links executables through `<module>_main`), so it hands control to libFuzzer's driver instead
// of using libFuzzer's `main`. The symbol exists only when linked with -sanitize=fuzzer, and is
// referenced only from code compiled with -DKUBERULES_LIBFUZZER.
#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
