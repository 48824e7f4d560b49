#ifndef SCOPEGUIDE_CSHIMS_H
#define SCOPEGUIDE_CSHIMS_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise.
int sg_exchange_paths(const char *a, const char *b);
#endif
