#ifndef CZDZLIB_SHIM_H
#define CZDZLIB_SHIM_H
#include <zlib.h>

// deflateInit2 and inflateInit2 are macros that Swift does not import. Raw deflate (no zlib header
// or checksum: SQLite's pages have their own), a 32 KiB window and a 16 KiB hash table, which
// deflateReset clears for every webhook body (the default 64 KiB costs more than the compression).
static inline int zd_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 6, Z_DEFAULT_STRATEGY);
}
static inline int zd_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}
#endif
