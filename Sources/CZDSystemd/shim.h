#ifndef CZDSYSTEMD_SHIM_H
#define CZDSYSTEMD_SHIM_H
// We send CODE_FILE/LINE/FUNC ourselves; the header's macros would otherwise name this C file.
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#endif
