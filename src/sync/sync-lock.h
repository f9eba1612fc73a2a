/*
 * The lock that keeps two sync rounds (or a round and a bundle written or
 * applied) off one database at once: an flock on DATABASE.sync-lock,
 * which the kernel drops when the process ends however it ends. Private
 * to src/sync.
 */
#ifndef JOBDESK_SYNC_LOCK_H
#define JOBDESK_SYNC_LOCK_H

#include <stddef.h>

struct store;

/*
 * Take the lock of the store's database into *fd (nothing when *fd is
 * already held, or the database is in memory): 0 when taken, 1 when
 * another process holds it (its message, naming the process, into msg),
 * -1 when it cannot be had at all (msg says why).
 */
int	sync_lock_take(struct store *, int *fd, char *msg, size_t msglen);
/* Let it go (*fd becomes -1); nothing when it is not held. */
void	sync_lock_drop(int *fd);

#endif
