#ifndef CZDZLIB_SHIM_H
#define CZDZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro that Swift does not import. Raw inflate (no zlib header or checksum:
// SQLite's pages have their own) with a 32 KiB window, the largest a deflate stream may use.
// (The store's webhook bodies are deflated in Swift, PresetDictionaryDeflater.)
static inline int zd_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}
#endif
