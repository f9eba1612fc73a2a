/*
 * Run a command and write its peak resident set size in KiB to a file,
 * as the kernel counted it (getrusage of the waited child, ru_maxrss):
 * a measure of memory that does not depend on timing or on sampling.
 * Exits with the command's status (128 + signal if it was killed).
 *
 *	peakrss OUTFILE COMMAND [ARG]...
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	FILE *fp;
	pid_t pid;
	int status;

	if (argc < 3) {
		fputs("usage: peakrss OUTFILE COMMAND [ARG]...\n", stderr);
		return 2;
	}
	if ((pid = fork()) < 0) {
		perror("peakrss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "peakrss: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("peakrss: wait4");
			return 2;
		}
	if ((fp = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(fp, "%ld\n", ru.ru_maxrss);
	fclose(fp);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
