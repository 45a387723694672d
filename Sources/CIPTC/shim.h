// CIPTC — the one C header kuberules' libiptc applier sees.
//
// Why a shim: libiptc's public header needs <netinet/in.h> and the xtables target/match
// structures from <linux/netfilter*> to build `ipt_entry` blobs; Swift imports them only
// through a module map, and only this module may expose C types (IPTCApply never lets them
// escape). Debian ships the library as libip4tc (package libiptc-dev / libip4tc-dev).
#ifndef KUBERULES_CIPTC_SHIM_H
#define KUBERULES_CIPTC_SHIM_H

#include <stdint.h>
#include <netinet/in.h>
#include <libiptc/libiptc.h>

#endif
