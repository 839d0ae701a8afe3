#ifndef KITH_BUILD_INFO_H
#define KITH_BUILD_INFO_H

/// The commit Kith was built from: `make` writes it into `kith_commit.h` on a folder it adds to the include
/// path, so that a new commit recompiles only this file. Builds outside `make` say "unknown".
const char *_Nonnull kith_build_commit(void);

#endif
