#ifndef GW_SYSTEM_H
#define GW_SYSTEM_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set when the kernel or file system cannot do it.
int gw_exchange_paths(const char *a, const char *b);
#endif
