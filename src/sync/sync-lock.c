/*
 * The sync lock (sync-lock.h). The holder writes its process id into the
 * file, so that a process turned away can say which one holds it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/log.h"
#include "store/store.h"
#include "sync/sync-lock.h"

/* Take the lock of the store's database. */
int
sync_lock_take(struct store *store, int *fdp, char *msg, size_t msglen)
{
	const char *db = store_path(store);
	char path[4096], pid[32];
	ssize_t n;
	int fd;

	if (*fdp >= 0 || db == NULL || *db == '\0' || strcmp(db, ":memory:") == 0)
		return 0;
	if ((size_t)snprintf(path, sizeof path, "%s.sync-lock", db) >= sizeof path) {
		snprintf(msg, msglen, _("the database's path is too long for its sync lock"));
		return -1;
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		snprintf(msg, msglen, _("%s: cannot open the sync lock: %s"), path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int busy = errno == EWOULDBLOCK;

		if (!busy)
			snprintf(msg, msglen, _("%s: cannot lock: %s"), path, strerror(errno));
		else {
			/* The holder wrote its process id there when it took the lock. */
			n = pread(fd, pid, sizeof pid - 1, 0);
			pid[n > 0 ? n : 0] = '\0';
			pid[strspn(pid, "0123456789")] = '\0';
			if (pid[0] != '\0')
				snprintf(msg, msglen, _("another sync of this database is running "
				    "(process %s); this one did not start"), pid);
			else
				snprintf(msg, msglen, _("another sync of this database is running; "
				    "this one did not start"));
		}
		close(fd);
		return busy ? 1 : -1;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warn("sync: %s: cannot note this process in the sync lock", path);
	*fdp = fd;
	return 0;
}

/* Let the lock go. */
void
sync_lock_drop(int *fdp)
{
	if (*fdp < 0)
		return;
	/* Closing the last descriptor of the open file drops the flock. */
	close(*fdp);
	*fdp = -1;
}
