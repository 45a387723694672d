// CIPTC — the one C header kuberules' libiptc applier sees.
//
// Why a shim: libiptc's public header needs <netinet/in.h> first, and building `ipt_entry`
// blobs needs the kernel's match and target structures (linux/netfilter/xt_*.h, nf_nat.h,
// ipt_REJECT.h). Swift imports C only through a module map, so this header gathers exactly those;
// the Swift encoder then lays entries out with the kernel's own struct definitions (sizes and
// field offsets come from these headers, not from hand-copied numbers). Only IPTCApply imports
// this module and no C type leaves it. Debian ships the library as libip4tc (libiptc-dev).
#ifndef KUBERULES_CIPTC_SHIM_H
#define KUBERULES_CIPTC_SHIM_H

#include <stdint.h>
#include <netinet/in.h>
#include <libiptc/libiptc.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nfnetlink_acct.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter/xt_sctp.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_statistic.h>
#include <linux/netfilter/xt_recent.h>
#include <linux/netfilter/xt_nfacct.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>

#endif
