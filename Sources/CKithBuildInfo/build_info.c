#include "kith_build_info.h"

#if __has_include("kith_commit.h")
#include "kith_commit.h"
#endif

#ifndef KITH_COMMIT
#define KITH_COMMIT "unknown"
#endif

const char *kith_build_commit(void) { return KITH_COMMIT; }
