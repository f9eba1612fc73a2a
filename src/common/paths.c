/* XDG and shared-data locations. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/paths.h"
#include "common/xalloc.h"

/* DATADIR and LOCALEDIR come from build/dirs.h, which the Makefile makes from
 * PREFIX and friends and includes with -include. */
#if !defined(DATADIR) || !defined(LOCALEDIR)
#error "DATADIR and LOCALEDIR are not defined: build with make"
#endif

/* The jobdesk path under the XDG directory in var, or under fallback in HOME; caller frees. */
static char *
paths_xdg(const char *var, const char *fallback, const char *leaf)
{
	const char *base = getenv(var), *home;

	if (base != NULL && base[0] == '/')
		return xasprintf("%s/jobdesk%s", base, leaf);
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		home = "/tmp";
	return xasprintf("%s/%s/jobdesk%s", home, fallback, leaf);
}

/* The clerk's own configuration file. */
char *
paths_user_config(void)
{
	return paths_xdg("XDG_CONFIG_HOME", ".config", "/jobdesk.ini");
}

/* The clerk's data folder. */
char *
paths_user_data(void)
{
	return paths_xdg("XDG_DATA_HOME", ".local/share", "");
}

/* The clerk's state folder (logs). */
char *
paths_user_state(void)
{
	return paths_xdg("XDG_STATE_HOME", ".local/state", "");
}

/* mkdir -p with mode 0700. */
int
paths_mkdir(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* The source tree the binary sits in (bin/ or build-*\/bin/), or NULL. */
static const char *
paths_source_tree(void)
{
	static char tree[PATH_MAX];
	static int done;
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n;
	int up;

	if (done)
		return tree[0] != '\0' ? tree : NULL;
	done = 1;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');

		if (slash == NULL || slash == exe)
			return NULL;
		*slash = '\0';
		snprintf(probe, sizeof probe, "%s/forms/seeker.form", exe);
		if (access(probe, R_OK) == 0) {
			snprintf(probe, sizeof probe, "%s/src/jobdesk.c", exe);
			if (access(probe, R_OK) == 0) {
				snprintf(tree, sizeof tree, "%s", exe);
				return tree;
			}
		}
	}
	return NULL;
}

/* Default folder of the form files. Static string. */
const char *
paths_forms_dir(void)
{
	static char dir[PATH_MAX + 16];
	const char *tree = paths_source_tree();

	if (tree != NULL) {
		snprintf(dir, sizeof dir, "%s/forms", tree);
		return dir;
	}
	return DATADIR "/forms";
}

/* Default folder of the code lists. Static string. */
const char *
paths_codes_dir(void)
{
	static char dir[PATH_MAX + 16];
	const char *tree = paths_source_tree();

	if (tree != NULL) {
		snprintf(dir, sizeof dir, "%s/db/codes", tree);
		return dir;
	}
	return DATADIR "/codes";
}

/* Where the compiled translations are. */
const char *
paths_localedir(void)
{
	static char dir[PATH_MAX + 16];
	const char *tree = paths_source_tree();

	if (tree != NULL) {
		snprintf(dir, sizeof dir, "%s/build/locale", tree);
		return dir;
	}
	return LOCALEDIR;
}

/* The files of dir ending in suffix, in name order; see paths.h. */
char **
paths_list(const char *dir, const char *suffix)
{
	struct dirent **names;
	size_t s = strlen(suffix), k = 0;
	char **out;
	int n, i;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return NULL;
	out = xcalloc((size_t)n + 1, sizeof *out);
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);

		if (len > s && strcmp(names[i]->d_name + len - s, suffix) == 0)
			out[k++] = xasprintf("%s/%s", dir, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return out;
}

/* Free a list from paths_list(); NULL is allowed. */
void
paths_list_free(char **list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; list[i] != NULL; i++)
		free(list[i]);
	free(list);
}
