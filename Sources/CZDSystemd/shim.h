#ifndef CZDSYSTEMD_SHIM_H
#define CZDSYSTEMD_SHIM_H
// We send CODE_FILE/LINE/FUNC ourselves; the header's macros would otherwise name this C file.
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/prctl.h>

// Names the calling thread as the kernel shows it (ps -L, top -H, journal's _COMM): at most 15 bytes.
static inline int zd_set_thread_name(const char *name) { return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0); }
#endif
