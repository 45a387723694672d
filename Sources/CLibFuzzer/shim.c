// SwiftPM needs one source file per C target; the target only declares LLVMFuzzerRunDriver.
#include "CLibFuzzer.h"
